package org.aegisml.monitoring.internal.drift;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * Wasserstein-1 (earth mover's) distance between the binned distributions, the integral of
 * |F_b - F_c|, divided by the baseline's standard deviation so that the score reads as "the
 * distribution moved by this many standard deviations" whatever the feature's unit. Within a
 * finite bin the mass is taken as uniform (the CDFs are linear there); the mass of an infinite
 * end bin sits at its finite edge, so outliers past the tails count only as far as the tails
 * reach. Numeric only.
 */
@Component(service = DriftDetector.class)
public final class WassersteinDetector implements DriftDetector {
    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.2, DriftThreshold.Direction.SCORE_ABOVE);

    @Override
    public String method() {
        return "wasserstein";
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
        double[] edges = baseline.edges();
        double n = PsiDetector.total(b);
        double m = PsiDetector.total(c);
        long cb = 0;
        long cc = 0;
        double distance = 0;
        for (int i = 0; i < b.length; i++) {
            double before = cb / n - cc / m;
            cb += b[i];
            cc += c[i];
            double after = cb / n - cc / m;
            double width = edges[i + 1] - edges[i];
            if (Double.isFinite(width)) distance += width * meanAbs(before, after);
        }
        return DriftScore.of(distance / scale(baseline));
    }

    /** Mean of |f| over a bin where f runs linearly from {@code a} to {@code b}. */
    private static double meanAbs(double a, double b) {
        if ((a >= 0) == (b >= 0)) return Math.abs(a + b) / 2;
        // f crosses 0 inside the bin: two triangles.
        return (a * a + b * b) / (2 * (Math.abs(a) + Math.abs(b)));
    }

    /**
     * The baseline's standard deviation; for a constant baseline, a quarter of its inner range
     * (the run of narrowest bins, which is where the binning put the reference values), else 1.
     */
    private static double scale(Histogram baseline) {
        double std = baseline.std();
        if (std > 0 && Double.isFinite(std)) return std;
        double[] e = baseline.edges();
        double narrowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < e.length; i++) narrowest = Math.min(narrowest, e[i + 1] - e[i]);
        int first = -1;
        int last = -1;
        for (int i = 0; i + 1 < e.length; i++) {
            // Equal widths differ by rounding only; the next tail bin is twice as wide.
            if (e[i + 1] - e[i] < narrowest * 1.5) {
                if (first < 0) first = i;
                last = i;
            }
        }
        double range = first < 0 ? Double.NaN : (e[last + 1] - e[first]) / 4;
        return range > 0 && Double.isFinite(range) ? range : 1;
    }
}
