package org.aegisml.monitoring.internal.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.aegisml.monitoring.internal.sketch.NumericBins;
import org.aegisml.monitoring.internal.sketch.NumericStats;
import org.junit.jupiter.api.Test;

/**
 * The detectors on binned data against the same statistics computed independently on the raw
 * samples, and against known values of the distributions behind their p-values.
 */
class DriftDetectorsTest {
    private final PsiDetector psi = new PsiDetector();
    private final KsDetector ks = new KsDetector();
    private final JensenShannonDetector js = new JensenShannonDetector();
    private final ChiSquareDetector chi2 = new ChiSquareDetector();
    private final WassersteinDetector wasserstein = new WassersteinDetector();

    private static double[] normal(long seed, int n, double mean) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = mean + random.nextGaussian();
        return v;
    }

    /** Baseline and current histograms over bins built from the baseline. */
    private static Histogram[] histograms(double[] baseline, double[] current) {
        NumericBins bins = NumericBins.fromReference(baseline);
        NumericStats b = new NumericStats(bins);
        b.addAll(baseline, 0, baseline.length);
        NumericStats c = new NumericStats(bins);
        for (double x : current) c.add(x);
        return new Histogram[] { b.toHistogram(bins), c.toHistogram(bins) };
    }

    /** Two-sample KS D on raw sorted samples: a merge walk over all distinct values. */
    private static double exactKs(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == x) i++;
            while (j < b.length && b[j] == x) j++;
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** PSI on ten bins cut at the exact deciles of the sorted raw baseline. */
    private static double exactDecilePsi(double[] baseline, double[] current) {
        double[] cuts = new double[11];
        cuts[0] = Double.NEGATIVE_INFINITY;
        cuts[10] = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= 9; k++) cuts[k] = baseline[k * baseline.length / 10];
        double psi = 0;
        for (int g = 0; g < 10; g++) {
            double b = Math.max((below(baseline, cuts[g + 1]) - below(baseline, cuts[g])) / (double) baseline.length, 1e-4);
            double c = Math.max((below(current, cuts[g + 1]) - below(current, cuts[g])) / (double) current.length, 1e-4);
            psi += (c - b) * Math.log(c / b);
        }
        return psi;
    }

    /** How many values of sorted {@code v} are below {@code x}. */
    private static int below(double[] v, double x) {
        int lo = 0;
        int hi = v.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    @Test
    void psiAndKsOnFineBinsAgreeWithRawSamples() {
        double[] baseline = normal(1, 200_000, 0);
        double[] current = normal(2, 200_000, 0.3);
        Histogram[] h = histograms(baseline, current);
        DriftScore psiScore = psi.score(h[0], h[1]);
        DriftScore ksScore = ks.score(h[0], h[1]);

        double[] sb = baseline.clone();
        double[] sc = current.clone();
        Arrays.sort(sb);
        Arrays.sort(sc);
        double exactD = exactKs(sb, sc);
        double exactPsi = exactDecilePsi(sb, sc);

        assertTrue(exactD > 0.1, "a 0.3 sd shift gives D of about 0.12: " + exactD);
        assertEquals(exactD, ksScore.score(), 0.01, "binned D");
        assertTrue(ksScore.score() <= exactD + 1e-12, "binned D can only miss gaps between edges");
        assertTrue(ksScore.pValue() < 1e-10, "p " + ksScore.pValue());
        assertEquals(DriftStatus.ALERT, ks.defaultThreshold().classify(ksScore));

        assertTrue(exactPsi > 0.05, "a 0.3 sd shift gives PSI of about 0.09: " + exactPsi);
        assertEquals(exactPsi, psiScore.score(), 0.02, "binned PSI on quantile groups");
    }

    @Test
    void sameDistributionIsNotDrift() {
        Histogram[] h = histograms(normal(3, 20_000, 0), normal(4, 20_000, 0));
        DriftScore p = psi.score(h[0], h[1]);
        DriftScore k = ks.score(h[0], h[1]);
        assertTrue(p.score() < 0.01, "psi " + p);
        assertTrue(k.pValue() > 0.01, "ks " + k);
        assertTrue(js.score(h[0], h[1]).score() < 0.05);
        assertTrue(wasserstein.score(h[0], h[1]).score() < 0.03);
        for (DriftDetector d : List.of(psi, ks, js, wasserstein)) {
            assertEquals(DriftStatus.OK, d.defaultThreshold().classify(d.score(h[0], h[1])), d.method());
        }
    }

    @Test
    void coarseningGivesTenGroupsOfAboutEqualBaselineMass() {
        Histogram[] h = histograms(normal(5, 200_000, 0), normal(6, 10, 0));
        long[] fine = h[0].counts();
        int[] cuts = PsiDetector.quantileCuts(fine, 10);
        assertEquals(11, cuts.length);
        assertEquals(0, cuts[0]);
        assertEquals(fine.length, cuts[10]);
        long[] groups = PsiDetector.regroup(fine, cuts);
        assertEquals(200_000, Arrays.stream(groups).sum());
        // Each cut lies within one fine bin past its decile.
        long heaviest = Arrays.stream(fine).max().orElseThrow();
        assertTrue(heaviest < 6_000, "fine bins hold under 3 % each: " + heaviest);
        for (long g : groups) assertTrue(Math.abs(g - 20_000) < heaviest, "group mass " + g + " of 200000");
    }

    @Test
    void aHeavyFineBinIsNeverSplit() {
        // 60 % of the baseline in one bin spans five decile boundaries: fewer groups, none empty.
        long[] fine = { 0, 10, 10, 60, 10, 5, 5, 0 };
        int[] cuts = PsiDetector.quantileCuts(fine, 10);
        assertEquals("[0, 2, 3, 4, 5, 8]", Arrays.toString(cuts));
        for (long g : PsiDetector.regroup(fine, cuts)) assertTrue(g > 0);
    }

    @Test
    void chiSquareTailMatchesKnownValues() {
        // Reference values from scipy.stats.chi2.sf.
        assertEquals(0.05004352124870519, SpecialFunctions.regularizedGammaQ(0.5, 3.84 / 2), 1e-12);
        assertEquals(0.050009618622405425, SpecialFunctions.regularizedGammaQ(2.5, 11.07 / 2), 1e-12);
        assertEquals(0.999993388289439, SpecialFunctions.regularizedGammaQ(5, 0.25), 1e-12);
        assertEquals(0.0026862828946550184, SpecialFunctions.regularizedGammaQ(32, 50), 1e-12);
        assertEquals(1.3800570312932553e-06, SpecialFunctions.regularizedGammaQ(1.5, 15), 1e-15);
        assertEquals(0.9747728793699604, SpecialFunctions.regularizedGammaQ(0.5, 5e-4), 1e-12);
        assertEquals(2.0884875837625688e-45, SpecialFunctions.regularizedGammaQ(0.5, 100), 1e-55);
        // Two degrees of freedom: Q(1, y) = e^-y, through both the series and the fraction.
        for (double y = 0.01; y < 40; y *= 1.7) assertEquals(Math.exp(-y), SpecialFunctions.regularizedGammaQ(1, y), 1e-12 * Math.exp(-y), "y " + y);
        assertEquals(Math.log(Math.sqrt(Math.PI)), SpecialFunctions.lnGamma(0.5), 1e-14);
        assertEquals(Math.log(362_880), SpecialFunctions.lnGamma(10), 1e-13);
        assertEquals(1.2880225246980772, SpecialFunctions.lnGamma(0.25), 1e-14);
    }

    @Test
    void kolmogorovTailMatchesKnownValues() {
        // Reference values from scipy.stats.kstwobign.sf.
        assertEquals(0.0499996304316674, SpecialFunctions.kolmogorovQ(1.3581), 1e-12);
        assertEquals(0.010001537333060776, SpecialFunctions.kolmogorovQ(1.6276), 1e-12);
        assertEquals(0.9999906941986655, SpecialFunctions.kolmogorovQ(0.3), 1e-12);
        assertEquals(0.9639452436648751, SpecialFunctions.kolmogorovQ(0.5), 1e-12);
        assertEquals(0.26999967167735456, SpecialFunctions.kolmogorovQ(1.0), 1e-12);
        assertEquals(0.1234538094297657, SpecialFunctions.kolmogorovQ(1.18), 1e-12);
        assertEquals(7.453306344157342e-06, SpecialFunctions.kolmogorovQ(2.5), 1e-16);
        assertEquals(SpecialFunctions.kolmogorovQ(Math.nextDown(1.18)), SpecialFunctions.kolmogorovQ(1.18), 1e-13);
        assertEquals(0.9999999731761899, SpecialFunctions.kolmogorovQ(0.25), 1e-15);
        assertEquals(1, SpecialFunctions.kolmogorovQ(0.02), 1e-15);
        assertEquals(1, SpecialFunctions.kolmogorovQ(0));
    }

    @Test
    void ksOnAHandBuiltTable() {
        // CDFs 0.5, 0.75, 1 and 0.1, 0.35, 0.6: D = 0.4; n = m = 20, so n_eff = 10 and
        // lambda = (sqrt(10) + 0.12 + 0.11 / sqrt(10)) 0.4 = 1.3268...; p from scipy's kstwobign.
        Histogram b = numeric(new double[] { 0, 1, 2, 3, 4 }, 10, 5, 5, 0);
        Histogram c = numeric(new double[] { 0, 1, 2, 3, 4 }, 2, 5, 5, 8);
        DriftScore s = ks.score(b, c);
        assertEquals(0.4, s.score(), 1e-12);
        assertEquals(0.059142334165034526, s.pValue(), 1e-12);
        assertEquals(DriftStatus.WARN, ks.defaultThreshold().classify(s));
        assertEquals(s, ks.score(c, b), "the test is two-sided");
    }

    @Test
    void psiComparesDecilesNotFineBins() {
        // 20 fine bins of 5 % baseline each make ten deciles of two bins. The current moves mass
        // within each decile only (8 and 2 instead of 5 and 5): no PSI, though the fine bins differ.
        double[] edges = new double[21];
        for (int i = 0; i <= 20; i++) edges[i] = i;
        long[] b = new long[20];
        long[] c = new long[20];
        for (int i = 0; i < 20; i++) {
            b[i] = 5;
            c[i] = i % 2 == 0 ? 8 : 2;
        }
        assertEquals(0, psi.score(numeric(edges, b), numeric(edges, c)).score(), 1e-12);
        assertEquals(0, js.score(numeric(edges, b), numeric(edges, c)).score(), 1e-7);
        // Moving a decile's mass to its neighbour does count: (0.2 - 0.1) ln 2 + (1e-4 - 0.1) ln(1e-3).
        c = b.clone();
        c[0] = c[1] = 0;
        c[2] = c[3] = 10;
        assertEquals(0.1 * Math.log(2) + (1e-4 - 0.1) * Math.log(1e-3), psi.score(numeric(edges, b), numeric(edges, c)).score(), 1e-12);
    }

    @Test
    void wassersteinOnHandBuiltTables() {
        // Point masses at the centres 0.5 and 2 of unequal bins, uniform within them: 1.5.
        assertEquals(1.5, wasserstein.score(numeric(new double[] { 0, 1, 3 }, 1, 0), numeric(new double[] { 0, 1, 3 }, 0, 1)).score(), 1e-12);
        // CDF difference 0, 0.5, -0.5, 0 at the edges: it crosses zero inside the middle bin.
        assertEquals(0.75, wasserstein.score(numeric(new double[] { 0, 1, 2, 3 }, 1, 0, 1), numeric(new double[] { 0, 1, 2, 3 }, 0, 2, 0)).score(), 1e-12);
        // The end bins' mass sits at their finite edges, 0 and 1.
        double[] open = { Double.NEGATIVE_INFINITY, 0, 1, Double.POSITIVE_INFINITY };
        assertEquals(1, wasserstein.score(numeric(open, 1, 0, 0), numeric(open, 0, 0, 1)).score(), 1e-12);
    }

    @Test
    void chiSquareDetectorOnATwoByTwoTable() {
        Histogram b = categorical(List.of("a", "b", "c"), 50, 50, 0);
        Histogram c = categorical(List.of("a", "b", "c"), 30, 70, 0);
        DriftScore s = chi2.score(b, c);
        // Expected 40 and 60 on each row: 2 (100/40 + 100/60); the empty category is dropped (df 1).
        assertEquals(25.0 / 3, s.score(), 1e-12);
        assertEquals(0.003892417122778627, s.pValue(), 1e-12);
        assertEquals(DriftStatus.ALERT, chi2.defaultThreshold().classify(s));
        DriftScore same = chi2.score(b, categorical(List.of("a", "b", "c"), 500, 500, 0));
        assertEquals(0, same.score(), 1e-12);
        assertEquals(1, same.pValue(), 1e-12);
        assertEquals(new DriftScore(0, 1), chi2.score(categorical(List.of("a", "b"), 5, 0), categorical(List.of("a", "b"), 7, 0)));
    }

    @Test
    void categoricalPsiAndJs() {
        List<String> cats = List.of("x", "y", Histogram.OTHER);
        Histogram b = categorical(cats, 500, 500, 0);
        assertEquals(0, psi.score(b, b).score(), 1e-15);
        assertEquals(0, js.score(b, b).score(), 1e-7);
        Histogram disjoint = categorical(cats, 0, 0, 10);
        assertEquals(1, js.score(b, disjoint).score(), 1e-12);
        // c = (0.25, 0.75, 0) against b = (0.5, 0.5, 0): the empty bin contributes (1e-4 - 1e-4) ln 1 = 0.
        double expected = (0.25 - 0.5) * Math.log(0.5) + (0.75 - 0.5) * Math.log(1.5);
        assertEquals(expected, psi.score(b, categorical(cats, 250, 750, 0)).score(), 1e-12);
    }

    @Test
    void wassersteinOfAHalfSdShiftIsAHalf() {
        Histogram[] h = histograms(normal(7, 200_000, 0), normal(8, 200_000, 0.5));
        double w = wasserstein.score(h[0], h[1]).score();
        assertEquals(0.5, w, 0.03);
        assertEquals(DriftStatus.ALERT, wasserstein.defaultThreshold().classify(wasserstein.score(h[0], h[1])));
    }

    @Test
    void wassersteinOnAConstantBaselineUsesTheInnerRange() {
        double[] baseline = new double[1000];
        Arrays.fill(baseline, 10);
        double[] current = baseline.clone();
        Arrays.fill(current, 0, 500, 10.1);
        Histogram[] h = histograms(baseline, current);
        // w = 0.1 * 10: inner range [9.75, 10.25] plus one tail bin of the inner width each side;
        // half the mass moved by 0.1: W1 = 0.05 over a scale of 0.505 / 4.
        double w = wasserstein.score(h[0], h[1]).score();
        assertEquals(0.05 / (0.5 * 202 / 200 / 4), w, 0.01);
    }

    @Test
    void anEmptySideGivesNaN() {
        Histogram[] h = histograms(normal(9, 100, 0), new double[0]);
        for (DriftDetector d : List.of(psi, ks, js, wasserstein)) {
            DriftScore s = d.score(h[0], h[1]);
            assertTrue(Double.isNaN(s.score()), d.method());
            assertEquals(DriftStatus.UNKNOWN, d.defaultThreshold().classify(s));
            assertTrue(Double.isNaN(d.score(h[1], h[0]).score()), d.method());
        }
        List<String> cats = List.of("a", "b");
        assertTrue(Double.isNaN(chi2.score(categorical(cats, 1, 2), categorical(cats, 0, 0)).score()));
    }

    @Test
    void histogramsWithDifferentBinsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> psi.score(categorical(List.of("a", "b"), 1, 2), categorical(List.of("a"), 3)));
    }

    @Test
    void methodsAndKinds() {
        assertEquals(List.of("psi", "js", "ks", "chi2", "wasserstein"), List.of(psi.method(), js.method(), ks.method(), chi2.method(), wasserstein.method()));
        assertTrue(psi.supports(FeatureKind.NUMERIC) && psi.supports(FeatureKind.CATEGORICAL));
        assertTrue(js.supports(FeatureKind.NUMERIC) && js.supports(FeatureKind.CATEGORICAL));
        assertTrue(ks.supports(FeatureKind.NUMERIC) && !ks.supports(FeatureKind.CATEGORICAL));
        assertTrue(wasserstein.supports(FeatureKind.NUMERIC) && !wasserstein.supports(FeatureKind.CATEGORICAL));
        assertFalse(chi2.supports(FeatureKind.NUMERIC));
        assertTrue(chi2.supports(FeatureKind.CATEGORICAL));
    }

    /** A numeric histogram with standard deviation 1, so that Wasserstein is not rescaled. */
    private static Histogram numeric(double[] edges, long... counts) {
        return new Histogram(FeatureKind.NUMERIC, edges, null, counts, 0, Double.NaN, 1);
    }

    private static Histogram categorical(List<String> categories, long... counts) {
        return new Histogram(FeatureKind.CATEGORICAL, null, categories, counts, 0, Double.NaN, Double.NaN);
    }
}
