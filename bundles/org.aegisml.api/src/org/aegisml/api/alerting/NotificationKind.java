package org.aegisml.api.alerting;

/** Why a notification is sent; {@link #TEST} comes from {@link Alerts#sendTest}. */
public enum NotificationKind {
    FIRING, RENOTIFY, RESOLVED, TEST;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
