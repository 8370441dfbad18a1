package org.aegisml.alerting.internal.channels;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ValidationException;

/** Checks of destination settings shared by the channels; fields are named {@code settings.<key>}. */
final class Settings {
    private Settings() {
    }

    static String required(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null || v.isBlank()) throw new ValidationException("settings." + key, "settings." + key + " is required");
        return v.strip();
    }

    static void onlyKnown(Map<String, String> s, Set<String> known, String prefix) {
        for (String k : s.keySet()) {
            if (!known.contains(k) && (prefix == null || !k.startsWith(prefix))) {
                throw new ValidationException("settings." + k, "unknown setting '" + k + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + (prefix == null ? "" : ", " + prefix + "<name>"));
            }
        }
    }

    /** An absolute http(s) URL with a host. */
    static URI url(Map<String, String> s, String key) {
        String v = required(s, key);
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
                throw new ValidationException("settings." + key, "settings." + key + " must be an http(s) URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ValidationException("settings." + key, "settings." + key + " is not a valid URL: " + e.getReason());
        }
    }

    static int integer(Map<String, String> s, String key, int dflt, int min, int max) {
        String v = s.get(key);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ValidationException("settings." + key, "settings." + key + " must be an integer between " + min + " and " + max);
        }
    }

    static boolean bool(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null || v.isBlank()) return false;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ValidationException("settings." + key, "settings." + key + " must be true or false");
        };
    }
}
