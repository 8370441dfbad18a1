package org.aegisml.api.alerting;

import java.time.Instant;

/**
 * One attempt to hand a notification to one destination. {@code error} says why it failed
 * (the channel's exception, a timeout, no channel of that type installed). {@code alertId} is
 * null for test sends.
 */
public record Delivery(String id, String alertId, String destination, String channel, NotificationKind kind, Instant at,
        DeliveryStatus status, String error) {
}
