package org.aegisml.api.deployment;

/**
 * What a shadow rollout's comparisons add up to: how many requests were copied, how many the
 * shadow failed or timed out on, how many answers were equal, the mean similarity, and the
 * median latencies of both sides.
 */
public record ShadowReport(long compared, long shadowFailures, long equal, Double meanSimilarity,
        Double stableLatencyP50, Double shadowLatencyP50) {
}
