package org.aegisml.api.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the summaries know about one model version over a window (all endpoints and
 * arms unless narrowed): traffic, latency, predictions, per-feature statistics, LLM signals,
 * tokens, cost and, once labels arrived, quality.
 */
public record VersionSummary(String model, int version, String endpoint, Arm arm, Instant from, Instant to,
        long count, long errors, Latency latency, Tokens tokens, double cost, Map<String, FeatureSummary> features,
        FeatureSummary predictions, Quality quality, Signals signals) {

    public record Latency(long count, double mean, double p50, double p95, double p99, double min, double max) {
    }

    public record Tokens(long input, long output) {
    }

    /**
     * Numbers: count, missing, mean, std, min, max and a histogram; categories: count,
     * missing and the most frequent values.
     */
    public record FeatureSummary(FeatureKind kind, long count, long missing, Double mean, Double std, Double min,
            Double max, List<Bin> histogram, List<Frequency> top) {
    }

    public record Bin(double lower, double upper, long count) {
    }

    public record Frequency(String value, long count) {
    }

    /** Present once labelled events exist: accuracy for classes, MAE/RMSE for numbers. */
    public record Quality(long labelled, Double accuracy, Double mae, Double rmse) {
    }

    public record Signals(long llmEvents, long injections, long pii, long policyViolations, double hallucinationMean) {
    }
}
