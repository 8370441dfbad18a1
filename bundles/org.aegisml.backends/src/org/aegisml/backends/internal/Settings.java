package org.aegisml.backends.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;

/** Checks a backend's settings and turns its options into request headers. */
final class Settings {
    static final String HEADER_PREFIX = "header.";
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    static final int MAX_RETRIES = 5;
    /** Headers a configured {@code header.*} option may not set: the transport owns them. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection");

    private Settings() {
    }

    /** Throws a {@link ValidationException} naming the bad field; {@code allowed} are the options besides {@code header.*}. */
    static void validate(Backend b, Set<String> allowed) {
        if (b == null) throw new ValidationException("backend", "backend is required");
        if (b.url() == null || b.url().isBlank()) throw new ValidationException("backend.url", "backend.url is required");
        URI u;
        try {
            u = new URI(b.url());
        } catch (URISyntaxException e) {
            throw new ValidationException("backend.url", "backend.url is not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException("backend.url", "backend.url must be an http:// or https:// URL, got '" + b.url() + "'");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new ValidationException("backend.url", "backend.url has no host: '" + b.url() + "'");
        }
        if (u.getRawFragment() != null) throw new ValidationException("backend.url", "backend.url must not have a #fragment");
        if (b.timeout().isNegative() || b.timeout().isZero() || b.timeout().compareTo(MAX_TIMEOUT) > 0) {
            throw new ValidationException("backend.timeout", "backend.timeout must be above 0 and at most " + MAX_TIMEOUT.toMinutes()
                    + " minutes");
        }
        if (b.retries() < 0 || b.retries() > MAX_RETRIES) {
            throw new ValidationException("backend.retries", "backend.retries must be 0 to " + MAX_RETRIES);
        }
        for (Map.Entry<String, String> o : b.options().entrySet()) {
            String k = o.getKey();
            String field = "backend.options." + k;
            if (o.getValue() == null) throw new ValidationException(field, field + " has no value");
            if (k.startsWith(HEADER_PREFIX)) {
                String name = k.substring(HEADER_PREFIX.length());
                if (!token(name)) throw new ValidationException(field, "'" + name + "' is not a valid header name");
                if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new ValidationException(field, "the header " + name + " is set by the gateway itself");
                }
                if (o.getValue().indexOf('\r') >= 0 || o.getValue().indexOf('\n') >= 0) {
                    throw new ValidationException(field, field + " must not contain line breaks");
                }
            } else if (!allowed.contains(k)) {
                throw new ValidationException(field, "unknown option '" + k + "' for a " + b.type() + " backend; allowed: "
                        + (allowed.isEmpty() ? "" : String.join(", ", new java.util.TreeSet<>(allowed)) + ", ") + "header.<Name>");
            }
        }
    }

    /**
     * The headers of one call: the ones the gateway forwards, then the backend's configured
     * {@code header.*} options (which win), then {@code extra} (which wins over both).
     */
    static Map<String, String> headers(Backend b, Map<String, String> forwarded, Map<String, String> extra) {
        // Case-insensitive, so that a configured X-Team replaces a forwarded x-team instead of doubling it.
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(forwarded);
        for (Map.Entry<String, String> o : b.options().entrySet()) {
            if (o.getKey().startsWith(HEADER_PREFIX)) h.put(o.getKey().substring(HEADER_PREFIX.length()), o.getValue());
        }
        h.putAll(extra);
        return h;
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }
}
