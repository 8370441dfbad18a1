package org.aegisml.api.deployment;

/**
 * One check of a candidate. {@code metric} is a monitoring metric ({@code error_rate},
 * {@code latency_p50|p95|p99}, {@code latency_mean}, {@code injection_rate},
 * {@code pii_rate}, {@code policy_violation_rate}, {@code hallucination_mean}, {@code accuracy},
 * {@code mae}, {@code rmse}), {@code cost_per_request}, {@code tokens_per_request},
 * {@code drift} (the largest drift score of the candidate's features against its baseline), or
 * a metric of a registered {@link AnalysisMetric} service (evaluation scores, for example).
 * <p>
 * Absolute ({@code relative} false): the candidate's value must stay within {@code threshold}
 * on the side {@code bound} names. Relative: within {@code threshold} times the stable's value
 * over the same window (so {@code latency_p95 max 1.2 relative} allows 20 % more than stable);
 * a relative rule on a stable value of 0 compares against {@code slack} instead (default 0).
 * <p>
 * A measurement with fewer than {@code minSamples} candidate events in the window (default 20;
 * the stable's too for a relative rule) is inconclusive, as is a metric with no value.
 * Null bound means {@link Bound#MAX}, null relative false.
 */
public record AnalysisRule(String name, String metric, Bound bound, double threshold, Boolean relative,
        Double slack, Integer minSamples) {
    public static final int DEFAULT_MIN_SAMPLES = 20;

    public AnalysisRule {
        bound = bound == null ? Bound.MAX : bound;
        relative = relative != null && relative;
        minSamples = minSamples == null ? DEFAULT_MIN_SAMPLES : minSamples;
        name = name == null || name.isBlank() ? metric + (relative ? " relative" : "") : name;
    }
}
