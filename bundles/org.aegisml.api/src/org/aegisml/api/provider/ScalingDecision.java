package org.aegisml.api.provider;

import java.time.Instant;
import org.aegisml.api.registry.VersionRef;

/**
 * One autoscaler decision: the metric's value, the replicas before and wanted, whether the
 * provider was asked to change ({@code applied}) and why (or why not: within tolerance,
 * cooling down, at the bound, no data).
 */
public record ScalingDecision(String deployment, VersionRef version, Instant at, ScalingMetric metric, Double value,
        double target, int current, int desired, boolean applied, String reason) {
}
