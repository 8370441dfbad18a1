package org.aegisml.api.monitoring;

import java.util.Locale;

/** The series {@code GET /api/v1/metrics/series} can draw, all read from summaries. */
public enum Metric {
    COUNT, ERRORS, ERROR_RATE, LATENCY_P50, LATENCY_P95, LATENCY_P99, LATENCY_MEAN, TOKENS, INPUT_TOKENS,
    OUTPUT_TOKENS, COST, LABELLED, ACCURACY, MAE, RMSE, INJECTION_RATE, PII_RATE, POLICY_VIOLATION_RATE,
    HALLUCINATION_MEAN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Metric parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
