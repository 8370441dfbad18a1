package org.aegisml.monitoring.internal.drift;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * Two-sample Kolmogorov-Smirnov test on the fine bins. D is the largest gap between the two
 * empirical CDFs at the bin edges; with ~250 fine bins it is within about 0.01 of D on the raw
 * values, never above it, so the p-value errs on the side of no drift. The p-value is the
 * asymptotic Kolmogorov tail at lambda = (sqrt(n_eff) + 0.12 + 0.11 / sqrt(n_eff)) D, n_eff =
 * n m / (n + m) (Stephens' correction, good from n_eff of about 4). Numeric only.
 * <p>
 * With many thousands of values per side even a negligible shift is significant; the score
 * (D) says how large it is.
 */
@Component(service = DriftDetector.class)
public final class KsDetector implements DriftDetector {
    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.05, DriftThreshold.Direction.P_VALUE_BELOW);

    @Override
    public String method() {
        return "ks";
    }

    @Override
    public boolean supports(FeatureKind kind) {
        return kind == FeatureKind.NUMERIC;
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
        double n = PsiDetector.total(b);
        double m = PsiDetector.total(c);
        long cb = 0;
        long cc = 0;
        double d = 0;
        for (int i = 0; i < b.length; i++) {
            cb += b[i];
            cc += c[i];
            d = Math.max(d, Math.abs(cb / n - cc / m));
        }
        double rootN = Math.sqrt(n * m / (n + m));
        double lambda = (rootN + 0.12 + 0.11 / rootN) * d;
        return new DriftScore(d, SpecialFunctions.kolmogorovQ(lambda));
    }
}
