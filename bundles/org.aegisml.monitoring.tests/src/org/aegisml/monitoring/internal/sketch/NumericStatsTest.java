package org.aegisml.monitoring.internal.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.junit.jupiter.api.Test;

class NumericStatsTest {
    private static double[] sample(long seed, int n) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 1e4 + 3 * r.nextGaussian() + (r.nextInt(50) == 0 ? 200 * r.nextGaussian() : 0);
        return v;
    }

    /** The bin {@code x} falls in by a plain scan of the edges. */
    private static int scan(double[] edges, double x) {
        if (x == Double.POSITIVE_INFINITY) return edges.length - 2;
        int i = 0;
        while (!(edges[i] <= x && x < edges[i + 1])) i++;
        return i;
    }

    @Test
    void edgesFollowTheScheme() {
        NumericBins bins = NumericBins.fromReference(new double[] { 2, 10, Double.NaN, 6, Double.POSITIVE_INFINITY });
        double[] e = bins.edges();
        assertEquals(242, bins.size());
        assertEquals(243, e.length);
        assertEquals(Double.NEGATIVE_INFINITY, e[0]);
        assertEquals(Double.POSITIVE_INFINITY, e[242]);
        for (int i = 1; i < e.length; i++) assertTrue(e[i - 1] < e[i]);
        // w = 8: inner [0, 12] in 200 bins of 0.06, then 20 doubling bins a side.
        assertEquals(0, e[21], 1e-12);
        assertEquals(12, e[221], 1e-12);
        for (int i = 21; i < 221; i++) assertEquals(0.06, e[i + 1] - e[i], 1e-12);
        for (int k = 0; k < 20; k++) {
            assertEquals(0.06 * (1 << k), e[21 - k] - e[20 - k], 1e-9);
            assertEquals(0.06 * (1 << k), e[222 + k] - e[221 + k], 1e-9);
        }
        double[] constant = NumericBins.fromReference(new double[] { -50, -50 }).edges();
        // w = max(|lo|, 1) * 0.1 = 5: inner [-51.25, -48.75].
        assertEquals(-51.25, constant[21], 1e-12);
        assertEquals(-48.75, constant[221], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> NumericBins.fromReference(new double[] { Double.NaN }));
    }

    @Test
    void binAgreesWithTheEdges() {
        Random r = new Random(1);
        for (double[] reference : new double[][] { sample(2, 1000), { 0.1, 0.7 }, { -3e6, 1e-3 }, { 1e12, 1e12 + 1 }, { 0, 0 } }) {
            NumericBins bins = NumericBins.fromReference(reference);
            double[] e = bins.edges();
            for (double edge : e) {
                for (double x : new double[] { edge, Math.nextUp(edge), Math.nextDown(edge), -edge, 0.0, -0.0 }) {
                    if (!Double.isNaN(x)) assertEquals(scan(e, x), bins.bin(x), "x = " + x + " in " + bins);
                }
            }
            for (int i = 0; i < 100_000; i++) {
                double lo = e[1 + r.nextInt(e.length - 3)];
                double x = lo + (e[Math.min(e.length - 2, Arrays.binarySearch(e, lo) + 1 + r.nextInt(3))] - lo) * r.nextDouble() * 1.2;
                assertEquals(scan(e, x), bins.bin(x), "x = " + x);
            }
            assertEquals(0, bins.bin(Double.NEGATIVE_INFINITY));
            assertEquals(0, bins.bin(-Double.MAX_VALUE));
            assertEquals(241, bins.bin(Double.MAX_VALUE));
            assertEquals(241, bins.bin(Double.POSITIVE_INFINITY));
        }
        assertThrows(IllegalArgumentException.class, () -> NumericBins.fromReference(new double[] { 1 }).bin(Double.NaN));
    }

    @Test
    void aMergeOfTwoHalvesEqualsStatsOfTheWhole() {
        double[] values = sample(3, 100_001);
        values[17] = Double.NaN;
        values[99_000] = Double.NaN;
        values[60_000] = 1e7;
        NumericBins bins = NumericBins.fromReference(Arrays.copyOf(values, 5000));
        NumericStats whole = new NumericStats(bins);
        for (double v : values) whole.add(v);
        NumericStats first = new NumericStats(bins);
        first.addAll(values, 0, 40_000);
        NumericStats second = new NumericStats(bins);
        for (int i = 40_000; i < values.length; i++) second.add(values[i]);
        first.merge(second);

        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        double mean = Arrays.stream(finite).sum() / finite.length;
        double ss = 0;
        for (double v : finite) ss += (v - mean) * (v - mean);
        double std = Math.sqrt(ss / (finite.length - 1));

        for (NumericStats s : new NumericStats[] { whole, first }) {
            assertEquals(finite.length, s.count());
            assertEquals(2, s.missing());
            assertEquals(mean, s.mean(), 1e-9 * Math.abs(mean));
            assertEquals(std, s.std(), 1e-9 * std);
            assertEquals(Arrays.stream(finite).min().orElseThrow(), s.min());
            assertEquals(Arrays.stream(finite).max().orElseThrow(), s.max());
        }
        assertArrayEquals(whole.counts(), first.counts());
        assertEquals(finite.length, Arrays.stream(first.counts()).sum());
        // A value far beyond the first 5000's range landed in a right tail bin.
        assertEquals(1, Arrays.stream(first.counts(), 222, 242).sum());

        NumericStats bulk = new NumericStats(bins);
        bulk.addAll(values, 0, values.length);
        assertArrayEquals(whole.counts(), bulk.counts());
        assertEquals(whole.std(), bulk.std(), 1e-12 * std);
    }

    @Test
    void histogramAndRoundTrip() throws IOException {
        double[] values = sample(4, 10_000);
        NumericBins bins = NumericBins.fromReference(values);
        NumericStats s = new NumericStats(bins);
        s.addAll(values, 0, values.length);
        s.addMissing();
        Histogram h = s.toHistogram(bins);
        assertEquals(FeatureKind.NUMERIC, h.kind());
        assertArrayEquals(bins.edges(), h.edges());
        assertArrayEquals(s.counts(), h.counts());
        assertEquals(1, h.missing());
        assertEquals(s.mean(), h.mean());
        assertEquals(s.std(), h.std());
        assertEquals(10_000, h.total());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        bins.writeTo(data);
        s.writeTo(data);
        byte[] bytes = out.toByteArray();
        assertTrue(bytes.length < 600, "sparse and varint-coded: " + bytes.length + " bytes");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        NumericBins binsBack = NumericBins.readFrom(in);
        NumericStats back = NumericStats.readFrom(in, binsBack);
        assertEquals(bins, binsBack);
        assertEquals(bins.hashCode(), binsBack.hashCode());
        assertArrayEquals(s.counts(), back.counts());
        assertEquals(s.count(), back.count());
        assertEquals(s.missing(), back.missing());
        assertEquals(s.mean(), back.mean());
        assertEquals(s.std(), back.std());
        assertEquals(s.min(), back.min());
        assertEquals(s.max(), back.max());

        byte[] corrupt = bytes.clone();
        corrupt[17 + 2]++;
        assertThrows(IOException.class, () -> {
            DataInputStream c = new DataInputStream(new ByteArrayInputStream(corrupt));
            NumericStats.readFrom(c, NumericBins.readFrom(c));
        });
    }

    @Test
    void summariesOverDifferentBinsDoNotMix() {
        NumericBins a = NumericBins.fromReference(new double[] { 0, 1 });
        NumericBins b = NumericBins.fromReference(new double[] { 0, 2 });
        assertNotEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> new NumericStats(a).merge(new NumericStats(b)));
        assertThrows(IllegalArgumentException.class, () -> new NumericStats(a).toHistogram(b));
    }

    @Test
    void emptyAndCopy() {
        NumericStats s = new NumericStats(NumericBins.fromReference(new double[] { 1, 2 }));
        assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.std()) && Double.isNaN(s.min()));
        s.add(1.5);
        assertTrue(Double.isNaN(s.std()));
        NumericStats c = s.copy();
        c.add(2.5);
        assertEquals(1, s.count());
        assertEquals(2, c.count());
        assertEquals(Math.sqrt(0.5), c.std(), 1e-15);
        c.merge(c);
        assertEquals(4, c.count());
        assertEquals(2, c.mean(), 1e-15);
    }
}
