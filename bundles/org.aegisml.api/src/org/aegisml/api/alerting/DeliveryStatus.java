package org.aegisml.api.alerting;

/** {@link #PENDING}: claimed and being sent (or lost with the process that was sending it). */
public enum DeliveryStatus {
    PENDING, OK, FAILED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
