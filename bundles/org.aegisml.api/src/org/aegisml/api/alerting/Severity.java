package org.aegisml.api.alerting;

import java.util.Locale;

public enum Severity {
    INFO, WARNING, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity named by {@code s}, or null. */
    public static Severity parse(String s) {
        if (s == null) return null;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
