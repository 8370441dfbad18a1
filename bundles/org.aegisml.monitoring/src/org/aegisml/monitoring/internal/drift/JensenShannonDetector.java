package org.aegisml.monitoring.internal.drift;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * Jensen-Shannon distance: the square root of the JS divergence in bits, so 0 for equal
 * distributions and 1 for disjoint ones, symmetric, and finite even where one side has empty
 * bins (unlike PSI, no epsilon is needed). Numeric features are compared on the same ten
 * baseline-quantile groups as PSI, for the same reason: the fine tail bins are mostly noise.
 */
@Component(service = DriftDetector.class)
public final class JensenShannonDetector implements DriftDetector {
    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.2, DriftThreshold.Direction.SCORE_ABOVE);
    private static final double LN_2 = Math.log(2);

    @Override
    public String method() {
        return "js";
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
        if (!Binned.comparable(baseline, current)) return Binned.UNKNOWN;
        long[] b = baseline.counts();
        long[] c = current.counts();
        if (baseline.kind() == FeatureKind.NUMERIC) {
            int[] cuts = PsiDetector.quantileCuts(b, PsiDetector.GROUPS);
            b = PsiDetector.regroup(b, cuts);
            c = PsiDetector.regroup(c, cuts);
        }
        double bTotal = PsiDetector.total(b);
        double cTotal = PsiDetector.total(c);
        double divergence = 0;
        for (int i = 0; i < b.length; i++) {
            double p = b[i] / bTotal;
            double q = c[i] / cTotal;
            double m = (p + q) / 2;
            // 0 ln 0 = 0: an empty side contributes nothing.
            if (p > 0) divergence += p * Math.log(p / m);
            if (q > 0) divergence += q * Math.log(q / m);
        }
        // Rounding can leave the divergence a hair below 0 or above 1.
        return DriftScore.of(Math.sqrt(Math.clamp(divergence / (2 * LN_2), 0, 1)));
    }
}
