package org.aegisml.alerting.internal.channels;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small SMTP client (RFC 5321) for one message at a time: EHLO (HELO when refused),
 * STARTTLS or implicit TLS with host name verification, AUTH PLAIN or LOGIN, MAIL FROM, RCPT
 * TO per recipient, DATA with dot-stuffing, QUIT. Every reply code is checked; a wrong one
 * ends the session with an {@link SmtpException} that quotes the command and the server's
 * answer. Chosen over Jakarta Mail because this is all alerting needs, and it keeps the
 * bundle free of a mail provider that has to be found by class-loader tricks inside OSGi.
 */
final class SmtpClient {
    enum Security { NONE, STARTTLS, TLS }

    /** How to reach and log in to the server; {@code username} null: no AUTH. */
    record Server(String host, int port, Security security, String username, String password, String helo,
            Duration timeout) {
    }

    static final class SmtpException extends IOException {
        private static final long serialVersionUID = 1L;

        SmtpException(String message) {
            super(message);
        }
    }

    private record Reply(int code, List<String> lines) {
        String text() {
            return String.join(" | ", lines);
        }
    }

    private final Server server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private Set<String> extensions = new HashSet<>();
    private Set<String> authMechanisms = new HashSet<>();

    SmtpClient(Server server) {
        this.server = server;
    }

    /**
     * Sends {@code message} (a complete RFC 5322 message, CRLF line ends) from {@code from} to
     * {@code recipients}. Throws when any recipient is refused, naming each refusal; the
     * message then goes to nobody (the transaction is reset before DATA).
     */
    void send(String from, List<String> recipients, byte[] message) throws IOException {
        try {
            connect();
            expect(read(), "greeting", 220);
            hello();
            if (server.security() == Security.STARTTLS) {
                if (!extensions.contains("STARTTLS")) {
                    throw new SmtpException(server.host() + " does not offer STARTTLS; set security to tls or none");
                }
                expect(command("STARTTLS"), "STARTTLS", 220);
                upgrade(socket);
                hello();
            }
            if (server.username() != null) login();
            expect(command("MAIL FROM:<" + from + ">"), "MAIL FROM", 250);
            List<String> refused = new ArrayList<>();
            for (String r : recipients) {
                Reply reply = command("RCPT TO:<" + r + ">");
                if (reply.code() != 250 && reply.code() != 251) refused.add(r + ": " + reply.code() + " " + reply.text());
            }
            if (!refused.isEmpty()) {
                command("RSET");
                throw new SmtpException("recipient(s) refused by " + server.host() + ": " + String.join("; ", refused));
            }
            expect(command("DATA"), "DATA", 354);
            out.write(dotStuff(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(read(), "end of DATA", 250);
            try {
                command("QUIT");
            } catch (IOException ignored) {
                // The message is accepted; a server that hangs up without answering QUIT changes nothing.
            }
        } finally {
            close();
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        int millis = (int) server.timeout().toMillis();
        s.connect(new InetSocketAddress(server.host(), server.port()), millis);
        s.setSoTimeout(millis);
        socket = s;
        if (server.security() == Security.TLS) upgrade(s);
        else streams();
    }

    /** Wraps the connection in TLS, verifying the certificate against the host name. */
    private void upgrade(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, server.host(),
                server.port(), true);
        SSLParameters p = tls.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(p);
        tls.setSoTimeout((int) server.timeout().toMillis());
        tls.startHandshake();
        socket = tls;
        streams();
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private void hello() throws IOException {
        Reply r = command("EHLO " + server.helo());
        if (r.code() == 250) {
            extensions = new HashSet<>();
            authMechanisms = new HashSet<>();
            for (String line : r.lines().subList(1, r.lines().size())) {
                String[] words = line.toUpperCase(Locale.ROOT).split(" ");
                extensions.add(words[0]);
                if (words[0].equals("AUTH")) {
                    for (int i = 1; i < words.length; i++) authMechanisms.add(words[i]);
                }
            }
            return;
        }
        // An old server without ESMTP: no extensions, so no STARTTLS and no AUTH either.
        expect(command("HELO " + server.helo()), "HELO", 250);
        extensions = Set.of();
        authMechanisms = Set.of();
    }

    private void login() throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        if (authMechanisms.contains("PLAIN")) {
            byte[] token = ("\0" + server.username() + "\0" + server.password()).getBytes(StandardCharsets.UTF_8);
            expect(command("AUTH PLAIN " + b64.encodeToString(token), "AUTH PLAIN <credentials>"), "AUTH PLAIN", 235);
        } else if (authMechanisms.contains("LOGIN")) {
            expect(command("AUTH LOGIN"), "AUTH LOGIN", 334);
            expect(command(b64.encodeToString(server.username().getBytes(StandardCharsets.UTF_8)), "<username>"),
                    "AUTH LOGIN username", 334);
            expect(command(b64.encodeToString(server.password().getBytes(StandardCharsets.UTF_8)), "<password>"),
                    "AUTH LOGIN password", 235);
        } else {
            throw new SmtpException(server.host() + " offers no AUTH mechanism this client supports (PLAIN, LOGIN); offered: "
                    + (authMechanisms.isEmpty() ? "none" : String.join(" ", authMechanisms)));
        }
    }

    private Reply command(String line) throws IOException {
        return command(line, line);
    }

    /** {@code shown}: how the command appears in errors (credentials never do). */
    private Reply command(String line, String shown) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            return read();
        } catch (SmtpException e) {
            throw new SmtpException(e.getMessage() + " (after " + shown + ")");
        }
    }

    /** One reply, possibly multi-line ({@code 250-...} continues, {@code 250 ...} ends). */
    private Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) throw new SmtpException(server.host() + " closed the connection");
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw new SmtpException(server.host() + " sent a malformed reply: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            if (lines.size() > 1000) throw new SmtpException(server.host() + " sent an endless reply");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 4096) throw new SmtpException(server.host() + " sent a reply line over 4096 bytes");
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    private void expect(Reply r, String what, int code) throws SmtpException {
        if (r.code() != code) {
            throw new SmtpException(server.host() + " answered " + what + " with " + r.code() + " " + r.text()
                    + " (expected " + code + ")");
        }
    }

    /**
     * RFC 5321 4.5.2: a line starting with '.' gets another '.', so that it cannot end the
     * DATA early; the message is also made to end with CRLF.
     */
    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte x : message) {
            if (lineStart && x == '.') b.write('.');
            b.write(x);
            lineStart = x == '\n';
        }
        if (!lineStart) b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing more to say to this server.
            }
        }
    }
}
