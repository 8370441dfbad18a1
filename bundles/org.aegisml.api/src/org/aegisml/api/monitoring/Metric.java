package org.aegisml.api.monitoring;

import java.util.Locale;

/**
 * The series {@code GET /api/v1/metrics/series} can draw, read from summaries, except
 * {@link #INFRASTRUCTURE_COST}: the providers' billed spend attributed to the model (every version
 * unless one is named; arms are not billed apart) from the cost ledger, per UTC day, so its steps
 * are whole days and a window covers the days that begin in it.
 */
public enum Metric {
    COUNT, ERRORS, ERROR_RATE, LATENCY_P50, LATENCY_P95, LATENCY_P99, LATENCY_MEAN, TOKENS, INPUT_TOKENS,
    OUTPUT_TOKENS, COST, LABELLED, ACCURACY, MAE, RMSE, INJECTION_RATE, PII_RATE, POLICY_VIOLATION_RATE,
    HALLUCINATION_MEAN, INFRASTRUCTURE_COST;

    /**
     * Whether the metric counts (events, errors, tokens, cost, labels), so that a step without
     * events is 0 of it, rather than describing events (a rate, a latency), which a step
     * without events leaves undefined.
     */
    public boolean counts() {
        return switch (this) {
            case COUNT, ERRORS, TOKENS, INPUT_TOKENS, OUTPUT_TOKENS, COST, LABELLED, INFRASTRUCTURE_COST -> true;
            default -> false;
        };
    }

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
