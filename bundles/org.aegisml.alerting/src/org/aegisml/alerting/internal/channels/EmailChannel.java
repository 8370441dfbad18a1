package org.aegisml.alerting.internal.channels;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.Notification;
import org.aegisml.alerting.internal.channels.SmtpClient.Security;
import org.osgi.service.component.annotations.Component;

/**
 * E-mail over SMTP with {@link SmtpClient}. Settings: {@code host}, {@code port} (default 25,
 * 587 with starttls, 465 with tls), {@code security} ({@code starttls} by default, {@code tls}
 * or {@code none}), {@code username} and {@code password} (optional, together), {@code from},
 * {@code to} (comma-separated), {@code helo} (the name this side gives in EHLO). Credentials are
 * refused over an unencrypted connection unless {@code allow_insecure_auth} is true (a local
 * relay or a test server), so a password cannot leak by a mistaken setting.
 */
@Component(service = AlertChannel.class)
public final class EmailChannel implements AlertChannel {
    /** Plain ASCII addresses: no header injection, no SMTPUTF8 needed. */
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
    static final int MAX_RECIPIENTS = 50;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Set<String> secretSettings() {
        return Set.of("password");
    }

    @Override
    public void validate(Map<String, String> s) {
        Settings.onlyKnown(s, Set.of("host", "port", "security", "username", "password", "from", "to", "helo",
                "allow_insecure_auth"), null);
        if (!HOST.matcher(Settings.required(s, "host")).matches()) {
            throw new ValidationException("settings.host", "settings.host must be a host name or an IP address");
        }
        Security security = security(s);
        Settings.integer(s, "port", 25, 1, 65535);
        boolean user = s.get("username") != null && !s.get("username").isBlank();
        boolean pass = s.get("password") != null && !s.get("password").isEmpty();
        if (user != pass) {
            throw new ValidationException(user ? "settings.password" : "settings.username",
                    "settings.username and settings.password go together");
        }
        if (user && security == Security.NONE && !Settings.bool(s, "allow_insecure_auth")) {
            throw new ValidationException("settings.security", "credentials would travel unencrypted; use security "
                    + "starttls or tls (or set allow_insecure_auth to true for a trusted local relay)");
        }
        Settings.bool(s, "allow_insecure_auth");
        if (user && (s.get("username").contains("\0") || s.get("password").contains("\0"))) {
            throw new ValidationException("settings.username", "credentials must not contain NUL characters");
        }
        address("from", Settings.required(s, "from"));
        List<String> to = recipients(s);
        if (to.size() > MAX_RECIPIENTS) {
            throw new ValidationException("settings.to", "at most " + MAX_RECIPIENTS + " recipients");
        }
        String helo = s.get("helo");
        if (helo != null && !HOST.matcher(helo).matches()) {
            throw new ValidationException("settings.helo", "settings.helo must be a host name");
        }
    }

    private static Security security(Map<String, String> s) {
        String v = s.get("security");
        if (v == null || v.isBlank()) return Security.STARTTLS;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> Security.NONE;
            case "starttls" -> Security.STARTTLS;
            case "tls" -> Security.TLS;
            default -> throw new ValidationException("settings.security", "settings.security must be none, starttls or tls");
        };
    }

    private static String address(String key, String v) {
        if (!ADDRESS.matcher(v).matches()) {
            throw new ValidationException("settings." + key, "'" + v + "' is not an e-mail address this channel accepts "
                    + "(local@domain, ASCII only)");
        }
        return v;
    }

    static List<String> recipients(Map<String, String> s) {
        List<String> out = new ArrayList<>();
        for (String part : Settings.required(s, "to").split(",")) {
            String a = part.strip();
            if (a.isEmpty()) continue;
            out.add(address("to", a));
        }
        if (out.isEmpty()) throw new ValidationException("settings.to", "settings.to needs at least one address");
        return out;
    }

    @Override
    public void send(Notification n, Map<String, String> s) throws Exception {
        Security security = security(s);
        int dflt = switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
        String user = s.get("username");
        boolean auth = user != null && !user.isBlank();
        SmtpClient.Server server = new SmtpClient.Server(s.get("host").strip(), Settings.integer(s, "port", dflt, 1, 65535),
                security, auth ? user : null, auth ? s.get("password") : null,
                s.getOrDefault("helo", "aegisml.localdomain"), TIMEOUT);
        String from = s.get("from").strip();
        List<String> to = recipients(s);
        new SmtpClient(server).send(from, to, message(n, from, to, ZonedDateTime.now(ZoneOffset.UTC)));
    }

    /**
     * The RFC 5322 message: ASCII headers (the subject as RFC 2047 encoded words when it is not
     * ASCII), a UTF-8 text body in base64 so that any 7-bit relay carries it unchanged.
     */
    static byte[] message(Notification n, String from, List<String> to, ZonedDateTime date) {
        String domain = from.substring(from.indexOf('@') + 1);
        StringBuilder m = new StringBuilder();
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date)).append("\r\n");
        m.append("From: ").append(from).append("\r\n");
        m.append("To: ").append(String.join(", ", to)).append("\r\n");
        m.append("Subject: ").append(encodeHeader(n.title())).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(domain).append(">\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n");
        m.append("Auto-Submitted: auto-generated\r\n");
        m.append("X-AegisML-Kind: ").append(n.kind().wire()).append("\r\n");
        if (n.alertId() != null) m.append("X-AegisML-Alert: ").append(n.alertId()).append("\r\n");
        m.append("\r\n");
        String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body(n).getBytes(StandardCharsets.UTF_8));
        m.append(body).append("\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String body(Notification n) {
        StringBuilder b = new StringBuilder();
        b.append(n.message()).append("\r\n\r\n");
        b.append("Rule:      ").append(n.ruleName()).append("\r\n");
        b.append("Severity:  ").append(n.severity().wire()).append("\r\n");
        b.append("Scope:     ").append(n.scope().describe()).append("\r\n");
        b.append("Condition: ").append(n.metric().wire()).append(' ').append(n.condition().symbol()).append(' ')
                .append(n.threshold()).append(" over ").append(n.window()).append("\r\n");
        b.append("Value:     ").append(n.value() == null ? "undefined" : n.value()).append("\r\n");
        b.append("Started:   ").append(n.startedAt()).append("\r\n");
        if (n.resolvedAt() != null) b.append("Resolved:  ").append(n.resolvedAt()).append("\r\n");
        if (n.alertId() != null) b.append("Alert:     ").append(n.alertId()).append("\r\n");
        b.append("\r\n-- \r\nAegisML alerting\r\n");
        return b.toString();
    }

    /**
     * Printable ASCII stays as it is; anything else becomes RFC 2047 "B" encoded words of at
     * most 75 characters, split between characters (never inside a UTF-8 sequence) and folded
     * onto continuation lines.
     */
    static String encodeHeader(String value) {
        boolean ascii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (ascii && value.length() <= 900) return value;
        StringBuilder out = new StringBuilder();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        // 45 bytes -> 60 base64 characters, plus "=?UTF-8?B?" and "?=": 72 <= 75.
        for (int i = 0; i < value.length();) {
            int cp = value.codePointAt(i);
            String ch = (cp < 0x20 || cp == 0x7f) ? " " : new String(Character.toChars(cp));
            int len = ch.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > 45) {
                word(out, chunk);
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.append(ch);
            bytes += len;
            i += Character.charCount(cp);
        }
        if (chunk.length() > 0) word(out, chunk);
        return out.toString();
    }

    private static void word(StringBuilder out, StringBuilder chunk) {
        if (out.length() > 0) out.append("\r\n ");
        out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
                .append("?=");
    }
}
