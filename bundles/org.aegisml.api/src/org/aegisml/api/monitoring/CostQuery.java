package org.aegisml.api.monitoring;

import java.time.Instant;

/**
 * Spend per day in {@code [from, to)} (widened to whole UTC days), grouped by {@code model},
 * {@code version}, {@code endpoint} or {@code project}; optionally only one model or one
 * project.
 */
public record CostQuery(Instant from, Instant to, GroupBy groupBy, String model, String project) {
    public enum GroupBy {
        MODEL, VERSION, ENDPOINT, PROJECT
    }
}
