package org.aegisml.monitoring.internal.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
    private static final double[] QUANTILES = { 0.5, 0.9, 0.95, 0.99, 0.999 };
    /** The bound is exact in real numbers; the logarithm may put a value a rounding error across a bucket edge. */
    private static final double ALPHA = LatencySketch.RELATIVE_ACCURACY * (1 + 1e-9);
    private static final int N = 100_000;

    static Stream<Arguments> distributions() {
        Random r = new Random(42);
        return Stream.of(
                Arguments.of("uniform", (DoubleSupplier) () -> 1 + 999 * r.nextDouble()),
                Arguments.of("lognormal", (DoubleSupplier) () -> Math.exp(3 + 1.5 * r.nextGaussian())),
                Arguments.of("exponential", (DoubleSupplier) () -> -50 * Math.log(1 - r.nextDouble())),
                Arguments.of("bimodal", (DoubleSupplier) () -> r.nextBoolean() ? 2 + r.nextDouble() : 800 + 400 * r.nextDouble()));
    }

    private static double[] sample(DoubleSupplier d, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = d.getAsDouble();
        return v;
    }

    private static LatencySketch sketch(double[] values, int from, int to) {
        LatencySketch s = new LatencySketch();
        for (int i = from; i < to; i++) s.add(values[i]);
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void quantilesAreWithinTheRelativeAccuracy(String name, DoubleSupplier distribution) {
        double[] values = sample(distribution, N);
        LatencySketch s = sketch(values, 0, N);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double exact = sorted[(int) Math.floor(q * (N - 1))];
            double estimate = s.quantile(q);
            assertTrue(Math.abs(estimate - exact) <= ALPHA * exact, name + " q" + q + ": " + estimate + " vs " + exact);
        }
        // And at every percentile, not only the customary ones.
        for (int p = 0; p <= 100; p++) {
            double exact = sorted[(int) Math.floor(p / 100.0 * (N - 1))];
            assertTrue(Math.abs(s.quantile(p / 100.0) - exact) <= ALPHA * exact, name + " p" + p);
        }
        assertEquals(N, s.count());
        assertEquals(sorted[0], s.min());
        assertEquals(sorted[N - 1], s.max());
        assertEquals(sorted[0], s.quantile(0));
        assertEquals(sorted[N - 1], s.quantile(1));
        assertEquals(Arrays.stream(values).sum(), s.sum(), 1e-9 * s.sum());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void aMergeOfTwoHalvesEqualsASketchOfTheWhole(String name, DoubleSupplier distribution) {
        double[] values = sample(distribution, N);
        LatencySketch whole = sketch(values, 0, N);
        LatencySketch merged = sketch(values, 0, N / 3);
        merged.merge(sketch(values, N / 3, N));
        assertEquals(whole.count(), merged.count());
        assertEquals(whole.min(), merged.min());
        assertEquals(whole.max(), merged.max());
        for (int p = 0; p <= 1000; p++) assertEquals(whole.quantile(p / 1000.0), merged.quantile(p / 1000.0), name + " q" + p / 1000.0);
    }

    @Test
    void serialisationRoundTrip() throws IOException {
        Random r = new Random(7);
        LatencySketch s = new LatencySketch();
        for (int i = 0; i < N; i++) s.add(Math.exp(2 + r.nextGaussian()));
        s.add(0, 3);
        s.add(5e-4);
        byte[] bytes = bytes(s);
        assertTrue(bytes.length < 2000, "compact: " + bytes.length + " bytes");
        LatencySketch back = LatencySketch.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertEquals(s.count(), back.count());
        assertEquals(s.min(), back.min());
        assertEquals(s.max(), back.max());
        assertEquals(s.sum(), back.sum());
        for (int p = 0; p <= 100; p++) assertEquals(s.quantile(p / 100.0), back.quantile(p / 100.0));
        assertEquals(0, back.quantile(0));
        assertTrue(Arrays.equals(bytes, bytes(back)));

        LatencySketch empty = LatencySketch.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(new LatencySketch()))));
        assertEquals(0, empty.count());
        assertTrue(Double.isNaN(empty.quantile(0.5)));

        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(IOException.class, () -> LatencySketch.readFrom(new DataInputStream(new ByteArrayInputStream(truncated))));
        byte[] wrongCount = bytes.clone();
        wrongCount[1]++;
        assertThrows(IOException.class, () -> LatencySketch.readFrom(new DataInputStream(new ByteArrayInputStream(wrongCount))));
    }

    @Test
    void copyIsIndependent() {
        LatencySketch s = new LatencySketch();
        s.add(10);
        LatencySketch c = s.copy();
        c.add(1000, 9);
        assertEquals(1, s.count());
        assertEquals(10, s.quantile(0.99));
        assertEquals(10, c.count());
        s.merge(s);
        assertEquals(2, s.count());
    }

    @Test
    void valuesAtOrBelowAMicrosecondShareTheZeroBucket() {
        LatencySketch s = new LatencySketch();
        s.add(0);
        s.add(1e-3);
        s.add(2e-4, 2);
        s.add(5);
        assertEquals(5, s.count());
        assertEquals(0, s.quantile(0.5));
        assertEquals(5, s.quantile(1), 5 * LatencySketch.RELATIVE_ACCURACY);
    }

    @Test
    void aHugeSpanCollapsesTheLowestBucketsButKeepsTheHighOnes() {
        Random r = new Random(9);
        // 1e-2 to 1e300: the 2048 buckets kept span about 17.8 decades, the top 6 % of values.
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) values[i] = Math.pow(10, -2 + 302 * r.nextDouble());
        LatencySketch s = sketch(values, 0, values.length);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : new double[] { 0.95, 0.99, 0.999 }) {
            double exact = sorted[(int) Math.floor(q * (values.length - 1))];
            assertTrue(Math.abs(s.quantile(q) - exact) <= ALPHA * exact, "q" + q);
        }
        // Below the kept span every value answers as the lowest kept bucket: too high, never lost.
        double median = sorted[(values.length - 1) / 2];
        assertTrue(s.quantile(0.5) > median && s.quantile(0.5) == s.quantile(0.01));
        assertEquals(values.length, s.count());
        LatencySketch merged = new LatencySketch();
        merged.add(0.5);
        merged.merge(s);
        assertEquals(values.length + 1, merged.count());
        assertEquals(s.max(), merged.quantile(1));
    }

    @Test
    void rejectsWhatIsNoLatency() {
        LatencySketch s = new LatencySketch();
        assertThrows(IllegalArgumentException.class, () -> s.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.add(-1));
        assertThrows(IllegalArgumentException.class, () -> s.add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> s.add(1, -1));
        assertThrows(IllegalArgumentException.class, () -> s.quantile(1.5));
        assertEquals(0, s.count());
    }

    private static byte[] bytes(LatencySketch s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
