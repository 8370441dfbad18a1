package org.aegisml.api.alerting;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where notifications go: a named set of settings for one channel type. Services hand
 * destinations out with their secret settings (see {@link AlertChannel#secretSettings()})
 * replaced by {@link #MASK}.
 */
public record Destination(String name, String channel, Map<String, String> settings, String createdBy,
        Instant createdAt, String updatedBy, Instant updatedAt) {
    public static final String MASK = "********";

    public Destination {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A copy whose settings named in {@code secrets} (or starting with a prefix ending in '*') show {@link #MASK}. */
    public Destination masked(Set<String> secrets) {
        Map<String, String> m = new LinkedHashMap<>();
        settings.forEach((k, v) -> m.put(k, isSecret(k, secrets) ? MASK : v));
        return new Destination(name, channel, m, createdBy, createdAt, updatedBy, updatedAt);
    }

    /** {@code header.*} in {@code secrets} matches every key starting with {@code header.}. */
    public static boolean isSecret(String key, Set<String> secrets) {
        if (secrets.contains(key)) return true;
        for (String s : secrets) {
            if (s.endsWith("*") && key.startsWith(s.substring(0, s.length() - 1))) return true;
        }
        return false;
    }
}
