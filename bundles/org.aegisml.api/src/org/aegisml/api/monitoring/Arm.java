package org.aegisml.api.monitoring;

/** Which side of a rollout served an event; plain traffic is {@link #STABLE}. */
public enum Arm {
    STABLE, CANARY, SHADOW, A, B;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
