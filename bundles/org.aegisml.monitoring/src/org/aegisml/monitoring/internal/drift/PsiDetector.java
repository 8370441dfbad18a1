package org.aegisml.monitoring.internal.drift;

import java.util.Arrays;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * Population stability index: sum of (c - b) ln(c / b) over bins, with b and c the baseline
 * and current proportions. Its customary thresholds (0.1 worth a look, 0.25 a real shift)
 * assume about ten bins of equal baseline mass, so numeric features are first coarsened from
 * their fine bins to ten baseline-quantile groups; PSI on the ~250 fine bins would be
 * dominated by sampling noise in the sparse tail bins. Categories are compared directly.
 */
@Component(service = DriftDetector.class)
public final class PsiDetector implements DriftDetector {
    /** How many baseline-quantile groups numeric features are compared on. */
    static final int GROUPS = 10;
    /** Proportion used for an empty bin, so that ln(c / b) stays finite. */
    static final double EPSILON = 1e-4;

    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.25, DriftThreshold.Direction.SCORE_ABOVE);

    @Override
    public String method() {
        return "psi";
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
            int[] cuts = quantileCuts(b, GROUPS);
            b = regroup(b, cuts);
            c = regroup(c, cuts);
        }
        return DriftScore.of(psi(b, c));
    }

    private static double psi(long[] baseline, long[] current) {
        double bTotal = total(baseline);
        double cTotal = total(current);
        double psi = 0;
        for (int i = 0; i < baseline.length; i++) {
            double b = Math.max(baseline[i] / bTotal, EPSILON);
            double c = Math.max(current[i] / cTotal, EPSILON);
            psi += (c - b) * Math.log(c / b);
        }
        return psi;
    }

    /**
     * Where to cut fine bins into about {@code groups} groups of equal baseline mass: walks the
     * bins accumulating baseline counts and cuts after the bin that reaches each 1/groups
     * boundary. A fine bin is never split, so one heavy bin can cover several boundaries and
     * there are then fewer groups. Every group has some baseline mass; leading and trailing
     * empty bins join the first and last group.
     *
     * @return the first fine bin of each group, then {@code counts.length}
     */
    public static int[] quantileCuts(long[] baseline, int groups) {
        long total = total(baseline);
        int[] cuts = new int[groups + 1];
        int n = 1;
        long cumulative = 0;
        int boundary = 1;
        for (int i = 0; i < baseline.length - 1 && boundary < groups; i++) {
            cumulative += baseline[i];
            // cumulative / total >= boundary / groups, in integers.
            if (cumulative * groups >= boundary * total && cumulative < total) {
                cuts[n++] = i + 1;
                while (boundary < groups && cumulative * groups >= boundary * total) boundary++;
            }
        }
        cuts[n++] = baseline.length;
        return Arrays.copyOf(cuts, n);
    }

    /** Sums fine counts into the groups given by {@link #quantileCuts}. */
    public static long[] regroup(long[] counts, int[] cuts) {
        long[] grouped = new long[cuts.length - 1];
        for (int g = 0; g < grouped.length; g++) {
            for (int i = cuts[g]; i < cuts[g + 1]; i++) grouped[g] += counts[i];
        }
        return grouped;
    }

    static long total(long[] counts) {
        long t = 0;
        for (long c : counts) t += c;
        return t;
    }
}
