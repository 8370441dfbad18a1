package org.aegisml.example.discord;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.Notification;
import org.aegisml.api.alerting.NotificationKind;
import org.osgi.service.component.annotations.Component;

/**
 * Alert notifications to a Discord channel through an incoming webhook ({@code settings.url},
 * secret: the URL carries the webhook's token). One message per notification: the title as the
 * content and an embed with the details, coloured by severity (green when resolved). An example
 * plugin: it follows the {@link AlertChannel} rules (own timeouts, an exception when Discord did
 * not accept the message) and imports nothing but the API.
 */
@Component(service = AlertChannel.class)
public final class DiscordChannel implements AlertChannel {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Override
    public String type() {
        return "discord";
    }

    @Override
    public Set<String> secretSettings() {
        return Set.of("url");
    }

    @Override
    public void validate(Map<String, String> settings) {
        String url = settings.get("url");
        if (url == null || url.isBlank()) throw new ValidationException("settings.url", "url (the Discord webhook URL) is required");
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                throw new ValidationException("settings.url", "url must be an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new ValidationException("settings.url", "url is not a URL: " + e.getReason());
        }
        for (String k : settings.keySet()) {
            if (!k.equals("url") && !k.equals("username")) {
                throw new ValidationException("settings." + k, "unknown setting '" + k + "' (url, username)");
            }
        }
    }

    @Override
    public void send(Notification n, Map<String, String> settings) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.get("url").strip())).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(n, settings)))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        // Discord answers 204 No Content; 429 and 5xx are failures the alerting service records and retries.
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Discord answered HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
        }
    }

    static String body(Notification n, Map<String, String> settings) {
        int colour = n.kind() == NotificationKind.RESOLVED ? 0x2EB67D : switch (n.severity()) {
            case CRITICAL -> 0xE01E5A;
            case WARNING -> 0xECB22E;
            case INFO -> 0x36C5F0;
        };
        StringBuilder b = new StringBuilder("{");
        String user = settings.get("username");
        if (user != null && !user.isBlank()) b.append("\"username\":").append(quote(user)).append(',');
        b.append("\"content\":").append(quote(n.title())).append(",\"embeds\":[{\"title\":").append(quote(n.title()))
                .append(",\"description\":").append(quote(n.message())).append(",\"color\":").append(colour)
                .append(",\"timestamp\":").append(quote(String.valueOf(n.at()))).append("}]}");
        return b.toString();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
