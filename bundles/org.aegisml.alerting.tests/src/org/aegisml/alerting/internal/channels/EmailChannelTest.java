package org.aegisml.alerting.internal.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Notification;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Metric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The e-mail channel against GreenMail, a real SMTP server running inside the test. */
class EmailChannelTest {
    GreenMail mail;
    int port;
    final EmailChannel channel = new EmailChannel();

    /** GreenMail finds its Jakarta Mail provider through the context class loader; inside OSGi that must be ours. */
    static <T> T withOurLoader(Callable<T> work) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(EmailChannelTest.class.getClassLoader());
        try {
            return work.call();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        mail = withOurLoader(() -> {
            GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            g.start();
            return g;
        });
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    static Notification firing(String ruleName, String endpoint) {
        Instant t = Instant.parse("2026-03-01T10:01:00Z");
        return new Notification(NotificationKind.FIRING, "alert-1", "rule-1", ruleName, Severity.CRITICAL,
                new AlertScope("churn", 3, endpoint, null), Metric.ERROR_RATE, Condition.GT, 0.2, 0.5,
                Duration.ofMinutes(5), t, null, t, "[CRITICAL] FIRING: " + ruleName + " (churn v3 @" + endpoint + ")",
                "Rule " + ruleName + " fired: error_rate is 0.5.\n.a line starting with a dot\n..and two");
    }

    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", String.valueOf(port));
        s.put("security", "none");
        s.put("from", "aegisml@example.com");
        s.put("to", "oncall@example.com, lead@example.org");
        return s;
    }

    MimeMessage[] received(int n) throws Exception {
        return withOurLoader(() -> {
            assertTrue(mail.waitForIncomingEmail(10_000, n), "no mail arrived");
            return mail.getReceivedMessages();
        });
    }

    @Test
    void aNotificationArrivesWithSubjectRecipientsAndBody() throws Exception {
        Map<String, String> s = settings();
        channel.validate(s);
        channel.send(firing("errors-hoch-ü", "eu-west"), s);
        MimeMessage[] msgs = received(2);
        assertEquals(2, msgs.length, "one copy per recipient");
        withOurLoader(() -> {
            MimeMessage m = msgs[0];
            assertEquals("[CRITICAL] FIRING: errors-hoch-ü (churn v3 @eu-west)", m.getSubject(), "RFC 2047 subject decoded");
            List<String> to = Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .map(a -> ((InternetAddress) a).getAddress()).toList();
            assertEquals(List.of("oncall@example.com", "lead@example.org"), to);
            assertEquals("aegisml@example.com", ((InternetAddress) m.getFrom()[0]).getAddress());
            assertTrue(m.getSentDate() != null, "Date header");
            assertTrue(m.getMessageID().endsWith("@example.com>"), m.getMessageID());
            String body = (String) m.getContent();
            assertTrue(body.contains("Rule errors-hoch-ü fired: error_rate is 0.5."), body);
            assertTrue(body.contains("\r\n.a line starting with a dot\r\n..and two") || body.contains("\n.a line starting with a dot\n..and two"),
                    "dot-stuffing is undone by the server: " + body);
            assertTrue(body.contains("Scope:     churn v3 @eu-west"), body);
            assertEquals("firing", m.getHeader("X-AegisML-Kind")[0]);
            assertEquals("alert-1", m.getHeader("X-AegisML-Alert")[0]);
            return null;
        });
    }

    @Test
    void logsInWithAuthWhenCredentialsAreSet() throws Exception {
        withOurLoader(() -> mail.setUser("bot@example.com", "bot", "s3cret-pw"));
        Map<String, String> s = settings();
        s.put("username", "bot");
        s.put("password", "s3cret-pw");
        ValidationException insecure = assertThrows(ValidationException.class, () -> channel.validate(s));
        assertEquals("settings.security", insecure.field());
        s.put("allow_insecure_auth", "true");
        channel.validate(s);
        channel.send(firing("auth", "e"), s);
        assertEquals(2, received(2).length);

        s.put("password", "wrong");
        Exception e = assertThrows(Exception.class, () -> channel.send(firing("auth", "e"), s));
        assertTrue(e.getMessage().contains("AUTH") && e.getMessage().contains("535"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), "the password never appears in errors: " + e.getMessage());
    }

    @Test
    void startTlsIsRequiredWhenAskedFor() {
        Map<String, String> s = settings();
        s.put("security", "starttls");
        Exception e = assertThrows(Exception.class, () -> channel.send(firing("tls", "e"), s));
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
    }

    @Test
    void anUnreachableServerFailsClearly() throws Exception {
        Map<String, String> s = settings();
        s.put("port", String.valueOf(freePort()));
        assertThrows(java.net.ConnectException.class, () -> channel.send(firing("x", "e"), s));
    }

    @Test
    void badSettingsAreRefusedWithTheirField() {
        Map<String, String> s = settings();
        s.put("to", "oncall@example.com, not-an-address");
        assertEquals("settings.to", assertThrows(ValidationException.class, () -> channel.validate(s)).field());
        s.put("to", "a@example.com\r\nBcc: x@evil.example");
        assertEquals("settings.to", assertThrows(ValidationException.class, () -> channel.validate(s)).field());
        s.put("to", "a@example.com");
        s.put("port", "70000");
        assertEquals("settings.port", assertThrows(ValidationException.class, () -> channel.validate(s)).field());
        s.remove("port");
        s.put("security", "ssl3");
        assertEquals("settings.security", assertThrows(ValidationException.class, () -> channel.validate(s)).field());
        s.remove("security");
        s.put("colour", "red");
        assertEquals("settings.colour", assertThrows(ValidationException.class, () -> channel.validate(s)).field());
        s.remove("colour");
        s.remove("host");
        assertEquals("settings.host", assertThrows(ValidationException.class, () -> channel.validate(s)).field());
    }

    @Test
    void subjectsAreEncodedAndFoldedBetweenCharacters() {
        assertEquals("plain ASCII", EmailChannel.encodeHeader("plain ASCII"));
        String longUtf8 = "Überwachung ".repeat(10) + "🚨";
        String enc = EmailChannel.encodeHeader(longUtf8);
        for (String line : enc.split("\r\n")) assertTrue(line.length() <= 76, line);
        StringBuilder decoded = new StringBuilder();
        for (String word : enc.split("\r\n ")) {
            assertTrue(word.startsWith("=?UTF-8?B?") && word.endsWith("?="), word);
            byte[] b = java.util.Base64.getDecoder().decode(word.substring(10, word.length() - 2));
            String part = new String(b, StandardCharsets.UTF_8);
            assertTrue(!part.contains("\uFFFD"), "a word never splits a character");
            decoded.append(part);
        }
        assertEquals(longUtf8, decoded.toString());
        assertEquals("=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString("a  b".getBytes(StandardCharsets.UTF_8)) + "?=",
                EmailChannel.encodeHeader("a\r\nb").replace("\r\n ", ""), "control characters cannot inject headers");
    }

    @Test
    void dotStuffingAndFinalLineEnd() {
        byte[] out = SmtpClient.dotStuff(".one\r\ntwo\r\n.\r\nend".getBytes(StandardCharsets.US_ASCII));
        assertEquals("..one\r\ntwo\r\n..\r\nend\r\n", new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void theMessageHasTheRfc5322Headers() {
        byte[] m = EmailChannel.message(firing("r", "e"), "a@example.com", List.of("b@example.com"),
                ZonedDateTime.of(2026, 3, 1, 10, 1, 0, 0, ZoneOffset.UTC));
        String text = new String(m, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("Date: Sun, 1 Mar 2026 10:01:00 GMT\r\nFrom: a@example.com\r\nTo: b@example.com\r\n"), text);
        assertTrue(text.contains("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"), text);
        assertTrue(text.contains("\r\nMessage-ID: <"), text);
        for (byte b : m) assertTrue(b > 0 && b < 0x80, "7-bit clean");
    }
}
