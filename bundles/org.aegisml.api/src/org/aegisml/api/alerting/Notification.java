package org.aegisml.api.alerting;

import java.time.Duration;
import java.time.Instant;

import org.aegisml.api.monitoring.Metric;

/**
 * What a channel is asked to deliver: everything a reader needs, already decided. {@code value}
 * is the metric's value at this evaluation (null when it is undefined, e.g. no traffic left in
 * the window at resolution); {@code resolvedAt} is set only for {@link NotificationKind#RESOLVED};
 * {@code title} is one line (a mail subject), {@code message} a few human sentences.
 * {@code alertId} is null for a test notification.
 */
public record Notification(NotificationKind kind, String alertId, String ruleId, String ruleName, Severity severity,
        AlertScope scope, Metric metric, Condition condition, double threshold, Double value, Duration window,
        Instant startedAt, Instant resolvedAt, Instant at, String title, String message) {
}
