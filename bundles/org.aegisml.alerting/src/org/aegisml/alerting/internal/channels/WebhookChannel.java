package org.aegisml.alerting.internal.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.Notification;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * POSTs the notification as JSON (schema in {@link Payloads}) to any URL. Settings: {@code url};
 * optional {@code secret}: the body is signed with HMAC-SHA256 under it and the signature sent
 * as {@code X-AegisML-Signature: sha256=<hex>}, so the receiver can tell the call came from
 * here and was not altered; optional {@code header.<Name>}: extra request headers (an API
 * token, a routing key).
 */
@Component(service = AlertChannel.class)
public final class WebhookChannel implements AlertChannel {
    static final String SIGNATURE_HEADER = "X-AegisML-Signature";
    static final String HEADER_PREFIX = "header.";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    /** Headers HttpClient refuses or that would break the request this channel builds. */
    private static final Set<String> RESERVED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "content-type", "x-aegisml-signature", "x-aegisml-event");
    private final HttpPost http = new HttpPost();

    @Deactivate
    void stop() {
        http.close();
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Set<String> secretSettings() {
        return Set.of("url", "secret", HEADER_PREFIX + "*");
    }

    @Override
    public void validate(Map<String, String> settings) {
        Settings.onlyKnown(settings, Set.of("url", "secret"), HEADER_PREFIX);
        Settings.url(settings, "url");
        String secret = settings.get("secret");
        if (secret != null && secret.length() < 16) {
            throw new ValidationException("settings.secret", "settings.secret must be at least 16 characters");
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith(HEADER_PREFIX)) continue;
            String name = e.getKey().substring(HEADER_PREFIX.length());
            if (!TOKEN.matcher(name).matches() || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new ValidationException("settings." + e.getKey(), "'" + name + "' cannot be used as a header name");
            }
            if (e.getValue().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new ValidationException("settings." + e.getKey(), "header values must not contain control characters");
            }
        }
    }

    @Override
    public void send(Notification n, Map<String, String> settings) throws Exception {
        byte[] body = Payloads.JSON.writeValueAsBytes(Payloads.webhook(n));
        Map<String, String> headers = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(HEADER_PREFIX)) headers.put(k.substring(HEADER_PREFIX.length()), v);
        });
        headers.put("X-AegisML-Event", n.kind().wire());
        String secret = settings.get("secret");
        if (secret != null && !secret.isEmpty()) headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
        http.post(URI.create(settings.get("url").strip()), body, headers);
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret} (UTF-8). */
    public static String sign(String secret, byte[] body) throws java.security.GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
