package org.aegisml.api.monitoring;

import java.util.List;

/**
 * One distribution as the drift detectors see it. A baseline and a current histogram handed
 * to a detector always share their bins: for numbers the same {@code edges} (ascending,
 * {@code counts.length + 1} of them, the first may be -Infinity and the last +Infinity), for
 * categories the same {@code categories} in the same order ({@code counts[i]} counts
 * {@code categories.get(i)}; the last one may be the catch-all {@value #OTHER}).
 * {@code missing} counts events without a value; it is not part of {@code counts}.
 * {@code mean} and {@code std} are the exact moments of the numbers (NaN for categories).
 */
public record Histogram(FeatureKind kind, double[] edges, List<String> categories, long[] counts, long missing,
        double mean, double std) {
    /** The bin that gathers every category beyond the tracked ones. */
    public static final String OTHER = "__other__";

    public Histogram {
        if (kind == FeatureKind.NUMERIC && (edges == null || edges.length != counts.length + 1)) {
            throw new IllegalArgumentException("a numeric histogram needs counts.length + 1 edges");
        }
        if (kind == FeatureKind.CATEGORICAL && (categories == null || categories.size() != counts.length)) {
            throw new IllegalArgumentException("a categorical histogram needs one category per count");
        }
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** Values counted in the bins (missing ones excluded). */
    public long total() {
        long t = 0;
        for (long c : counts) t += c;
        return t;
    }
}
