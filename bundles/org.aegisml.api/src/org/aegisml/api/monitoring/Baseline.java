package org.aegisml.api.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * The reference distribution drift of one model version is measured against.
 * {@link Source#DATASET}: the rows of a registered dataset version ({@code rows} of them,
 * summarised once when the baseline is set). {@link Source#WINDOW}: live traffic of
 * {@code windowVersion} (the same version unless set) over {@code [from, to)}, optionally of
 * one {@code endpoint}, read from the summaries at each query. {@code skipped} names dataset
 * columns that could not be used, each with its reason.
 */
public record Baseline(String model, int version, Source source, String dataset, Integer datasetVersion,
        Integer windowVersion, String endpoint, Instant from, Instant to, long rows, List<String> skipped,
        Instant createdAt, String createdBy) {
    public enum Source {
        DATASET, WINDOW
    }

    public Baseline {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
}
