package org.aegisml.api.monitoring;

public enum DriftStatus {
    OK, WARN, ALERT,
    /** Not enough data on one side to say anything. */
    UNKNOWN
}
