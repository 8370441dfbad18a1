package org.aegisml.example.hellinger;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * Hellinger distance between the baseline's and the live traffic's distributions over the bins
 * they share: {@code sqrt(1 - sum(sqrt(p_i q_i)))}, 0 for equal distributions and 1 for disjoint
 * ones, symmetric, and defined with empty bins on either side. An example plugin: one class, a
 * DS component, and a manifest importing only the API package it implements.
 */
@Component(service = DriftDetector.class)
public final class HellingerDetector implements DriftDetector {
    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.2, DriftThreshold.Direction.SCORE_ABOVE);

    @Override
    public String method() {
        return "hellinger";
    }

    @Override
    public boolean supports(FeatureKind kind) {
        return true;
    }

    @Override
    public DriftThreshold defaultThreshold() {
        return THRESHOLD;
    }

    @Override
    public DriftScore score(Histogram baseline, Histogram current) {
        long[] b = baseline.counts();
        long[] c = current.counts();
        if (b.length != c.length) throw new IllegalArgumentException("the histograms do not share their bins");
        double bTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < b.length; i++) {
            bTotal += b[i];
            cTotal += c[i];
        }
        if (bTotal == 0 || cTotal == 0) return DriftScore.of(Double.NaN);
        double overlap = 0;
        for (int i = 0; i < b.length; i++) overlap += Math.sqrt((b[i] / bTotal) * (c[i] / cTotal));
        // Rounding can leave the Bhattacharyya coefficient a hair above 1.
        return DriftScore.of(Math.sqrt(Math.max(0, 1 - overlap)));
    }
}
