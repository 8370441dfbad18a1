package org.aegisml.monitoring.internal.drift;

import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.Histogram;

/** What every detector checks before it compares two histograms. */
final class Binned {
    /** The answer when one side has no values: nothing can be said. */
    static final DriftScore UNKNOWN = new DriftScore(Double.NaN, Double.NaN);

    private Binned() {
    }

    /**
     * Whether both sides have values to compare; throws when they do not share their bins,
     * which is a caller's bug rather than drift.
     */
    static boolean comparable(Histogram baseline, Histogram current) {
        if (baseline.kind() != current.kind() || baseline.counts().length != current.counts().length) {
            throw new IllegalArgumentException("baseline and current histograms do not share their bins");
        }
        return baseline.total() > 0 && current.total() > 0;
    }
}
