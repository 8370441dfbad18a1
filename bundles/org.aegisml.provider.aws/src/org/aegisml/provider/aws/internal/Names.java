package org.aegisml.provider.aws.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.aegisml.api.registry.VersionRef;

/**
 * SageMaker's names: endpoints, models, endpoint configurations and variants allow
 * {@code [a-zA-Z0-9](-*[a-zA-Z0-9])*}, at most 63 characters. A name that already fits is used as
 * it is; any other is sanitized (other characters become {@code -}) and, when that changed or
 * shortened it, suffixed with a hash of the original, so that two different inputs never share a
 * name.
 */
final class Names {
    static final int MAX = 63;
    static final Pattern VALID = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    private Names() {
    }

    /** The endpoint's name at SageMaker. */
    static String endpoint(String name) {
        return fit(name, MAX);
    }

    /** The SageMaker Model of {@code version} on {@code endpoint} (one per endpoint and version). */
    static String model(String endpoint, VersionRef version) {
        return fit(endpoint(endpoint) + "-" + version.name() + "-v" + version.version(), MAX);
    }

    /** The production variant that serves {@code version}. */
    static String variant(VersionRef version) {
        return fit(version.name() + "-v" + version.version(), MAX);
    }

    /** A new, unique endpoint configuration name for {@code endpoint}. */
    static String endpointConfig(String endpoint, long stamp) {
        String suffix = "-c" + Long.toString(stamp, 36);
        String base = endpoint(endpoint);
        if (base.length() + suffix.length() > MAX) base = base.substring(0, MAX - suffix.length()).replaceAll("-+$", "");
        return base + suffix;
    }

    static String fit(String raw, int max) {
        if (VALID.matcher(raw).matches() && raw.length() <= max) return raw;
        String s = raw.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("^-+", "").replaceAll("-+$", "");
        String hash = hash(raw);
        int room = max - hash.length() - 1;
        if (s.length() > room) s = s.substring(0, room).replaceAll("-+$", "");
        return s.isEmpty() ? "x-" + hash : s + "-" + hash;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
