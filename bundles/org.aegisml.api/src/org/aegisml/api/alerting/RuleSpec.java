package org.aegisml.api.alerting;

import java.time.Duration;
import java.util.List;

import org.aegisml.api.monitoring.Metric;

/**
 * What a caller submits to create or replace a rule. The rule fires while {@code metric} over
 * the last {@code window}, in {@code scope}, satisfies {@code condition threshold}.
 * {@code renotify}: while firing, notify again after this long; zero means only once.
 * {@code destinations} are destination names. Null severity means warning, null renotify zero,
 * null enabled true.
 */
public record RuleSpec(String name, Metric metric, Condition condition, Double threshold, Duration window,
        Severity severity, AlertScope scope, Duration renotify, List<String> destinations, Boolean enabled) {
}
