package org.aegisml.api.monitoring;

/** A detector's result: its statistic and, for statistical tests, the p-value (else NaN). */
public record DriftScore(double score, double pValue) {
    public static DriftScore of(double score) {
        return new DriftScore(score, Double.NaN);
    }
}
