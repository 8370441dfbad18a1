package org.aegisml.api.alerting;

public enum AlertState {
    FIRING, RESOLVED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AlertState parse(String s) {
        if (s == null) return null;
        try {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
