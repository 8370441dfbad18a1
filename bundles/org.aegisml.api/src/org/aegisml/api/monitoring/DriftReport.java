package org.aegisml.api.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * Drift of a window of live traffic against a model version's baseline: per feature and per
 * output ({@code y_pred}, {@code y_proba}) every method's score, threshold and status, the
 * two distributions on shared bins, and the change of quality metrics where labels exist on
 * both sides. {@code status} is the worst feature status.
 */
public record DriftReport(String model, int version, String endpoint, Arm arm, Baseline baseline, Instant from,
        Instant to, long baselineCount, long currentCount, DriftStatus status, List<FeatureDrift> features,
        List<QualityChange> performance) {

    public DriftReport {
        features = List.copyOf(features);
        performance = List.copyOf(performance);
    }

    /**
     * One feature (or output, {@code output} true). {@code status} comes from the model's
     * deciding methods; {@code note} says why there is no verdict (no values on one side, new
     * feature). {@code bins} hold both distributions on the same bins: for numbers up to
     * twenty ranges of equal baseline mass (the outer ones end at the extreme values seen),
     * for categories the most frequent values of either side and {@value Histogram#OTHER}.
     */
    public record FeatureDrift(String feature, boolean output, FeatureKind kind, DriftStatus status,
            List<MethodResult> methods, long baselineCount, long baselineMissing, long currentCount,
            long currentMissing, List<DriftBin> bins, String note) {
    }

    /** {@code error} is set (and the score NaN) when the detector failed on this feature. */
    public record MethodResult(String method, double score, double pValue, DriftThreshold threshold,
            DriftStatus status, String error) {
    }

    /** A number range ({@code lower}, {@code upper}) or a category ({@code value}) with both counts. */
    public record DriftBin(Double lower, Double upper, String value, long baseline, long current) {
    }

    /** {@code change} is relative: (current - baseline) / baseline, NaN when the baseline is 0. */
    public record QualityChange(String metric, double baseline, double current, double change, DriftStatus status) {
    }
}
