package org.aegisml.monitoring.internal.drift;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * Pearson's chi-square test of homogeneity on the 2 x k table of baseline and current counts
 * per category; categories empty on both sides are dropped, so df = k - 1 counts only the
 * categories seen. Score is the statistic, the p-value its chi-square tail. Categorical only.
 */
@Component(service = DriftDetector.class)
public final class ChiSquareDetector implements DriftDetector {
    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.05, DriftThreshold.Direction.P_VALUE_BELOW);

    @Override
    public String method() {
        return "chi2";
    }

    @Override
    public boolean supports(FeatureKind kind) {
        return kind == FeatureKind.CATEGORICAL;
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
        double bTotal = PsiDetector.total(b);
        double cTotal = PsiDetector.total(c);
        double total = bTotal + cTotal;
        double statistic = 0;
        int k = 0;
        for (int i = 0; i < b.length; i++) {
            double column = (double) b[i] + c[i];
            if (column == 0) continue;
            k++;
            double eb = bTotal * column / total;
            double ec = cTotal * column / total;
            statistic += (b[i] - eb) * (b[i] - eb) / eb + (c[i] - ec) * (c[i] - ec) / ec;
        }
        // A single category seen on both sides: the distributions are the same.
        if (k < 2) return new DriftScore(0, 1);
        return new DriftScore(statistic, SpecialFunctions.regularizedGammaQ((k - 1) / 2.0, statistic / 2));
    }
}
