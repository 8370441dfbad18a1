package org.aegisml.api.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.aegisml.api.monitoring.Metric;

/** A stored, validated rule; see {@link RuleSpec} for the meaning of the fields. */
public record AlertRule(String id, String name, Metric metric, Condition condition, double threshold, Duration window,
        Severity severity, AlertScope scope, Duration renotify, List<String> destinations, boolean enabled,
        String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {

    public AlertRule {
        destinations = List.copyOf(destinations);
    }

    /** {@code error_rate > 0.2 over PT5M}. */
    public String describeCondition() {
        return metric.wire() + " " + condition.symbol() + " " + threshold + " over " + window;
    }
}
