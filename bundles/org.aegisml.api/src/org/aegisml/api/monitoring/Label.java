package org.aegisml.api.monitoring;

/** Late ground truth for an event already ingested; {@code yTrue} is a Double or a String. */
public record Label(String eventId, Object yTrue) {
}
