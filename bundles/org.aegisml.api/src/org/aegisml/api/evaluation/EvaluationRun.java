package org.aegisml.api.evaluation;

import java.time.Instant;
import java.util.List;

import org.aegisml.api.registry.VersionRef;

/**
 * A finished evaluation run. {@code source} is {@code backend} or {@code predictions}.
 * {@code failed} counts examples without a usable answer. Latency percentiles, tokens and cost
 * cover the examples that were answered; {@code costPer1k} is the mean cost of an answer times
 * 1,000 (null when no cost was known). Per-example results are read with
 * {@link Evaluations#results}.
 */
public record EvaluationRun(String id, VersionRef target, VersionRef dataset, String source, List<MetricValue> metrics,
        long examples, long failed, Double latencyP50, Double latencyP95, Long inputTokens, Long outputTokens,
        Double costPer1k, String createdBy, Instant createdAt, long durationMs) {
    public EvaluationRun {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public MetricValue metric(String name) {
        for (MetricValue m : metrics) if (m.name().equals(name)) return m;
        return null;
    }
}
