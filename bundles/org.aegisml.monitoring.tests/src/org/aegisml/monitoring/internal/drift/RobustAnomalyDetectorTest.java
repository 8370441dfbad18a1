package org.aegisml.monitoring.internal.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.aegisml.monitoring.internal.drift.RobustAnomalyDetector.Anomaly;
import org.aegisml.monitoring.internal.drift.RobustAnomalyDetector.Direction;
import org.junit.jupiter.api.Test;

class RobustAnomalyDetectorTest {
    private static final long MINUTE = 60_000;
    private final RobustAnomalyDetector detector = new RobustAnomalyDetector();

    private static long[] timestamps(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = 1_700_000_000_000L + i * MINUTE;
        return t;
    }

    private static double[] noisy(long seed, int n, double level, double noise) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = level + noise * random.nextGaussian();
        return v;
    }

    @Test
    void flagsAnInjectedSpike() {
        double[] v = noisy(1, 300, 120, 5);
        v[150] = 170;
        long[] t = timestamps(v.length);
        List<Anomaly> found = detector.detect(t, v);
        Anomaly spike = found.stream().filter(a -> a.timestamp() == t[150]).findFirst().orElseThrow();
        assertEquals(170, spike.value());
        assertEquals(Direction.UP, spike.direction());
        assertTrue(Math.abs(spike.median() - 120) < 5, spike.toString());
        // A 10 sd spike stands far above what the noise produces.
        for (Anomaly a : found) {
            if (a != spike) assertTrue(Math.abs(a.z()) < spike.z() / 1.5, a.toString());
        }
    }

    @Test
    void gaussianNoiseIsRarelyFlagged() {
        // With median and MAD estimated from 30 points, |z| > 3.5 happens to about 0.6 % of
        // pure Gaussian noise (0.05 % with the true parameters); far from every wiggle.
        int flagged = 0;
        int points = 0;
        for (long seed = 100; seed < 300; seed++) {
            flagged += detector.detect(timestamps(500), noisy(seed, 500, 50, 2)).size();
            points += 500 - RobustAnomalyDetector.DEFAULT_MIN_HISTORY;
        }
        assertTrue(flagged < 0.01 * points, flagged + " of " + points);
    }

    @Test
    void tinyWigglesOnAConstantAreNotFlagged() {
        for (long seed = 0; seed < 20; seed++) {
            double[] v = noisy(seed, 200, 0.25, 1e-6);
            for (int i = 0; i < 200; i += 3) v[i] = 0.25;
            assertEquals(List.of(), detector.detect(timestamps(v.length), v), "seed " + seed);
            // A real step on the same flat series is.
            v[100] = 0.26;
            assertEquals(List.of(timestamps(v.length)[100]), detector.detect(timestamps(v.length), v).stream().map(Anomaly::timestamp).toList());
        }
    }

    @Test
    void spikesAreUpwardOnlyAndGapsAreSkipped() {
        double[] v = noisy(4, 60, 1000, 20);
        v[40] = 500;
        v[50] = 2000;
        for (int i = 10; i < 20; i++) v[i] = Double.NaN;
        long[] days = timestamps(v.length);
        List<Long> both = detector.detect(days, v).stream().map(Anomaly::timestamp).toList();
        assertTrue(both.contains(days[40]) && both.contains(days[50]), both.toString());
        List<Anomaly> spikes = detector.spikes(days, v);
        assertTrue(spikes.stream().allMatch(a -> a.direction() == Direction.UP && a.z() > 0), spikes.toString());
        assertTrue(spikes.stream().anyMatch(a -> a.timestamp() == days[50]));
        assertTrue(spikes.stream().noneMatch(a -> a.timestamp() == days[40]));
        assertTrue(detector.detect(days, v).stream().noneMatch(a -> Double.isNaN(a.value())));
    }

    @Test
    void needsEnoughHistory() {
        double[] v = { 1, 1.1, 0.9, 1, 1.05, 0.95, 1, 50 };
        assertEquals(List.of(), detector.detect(timestamps(v.length), v), "seven points of history are too few");
        double[] w = { 1, 1.1, 0.9, 1, 1.05, 0.95, 1, 1.02, 50 };
        assertEquals(1, detector.detect(timestamps(w.length), w).size());
        assertThrows(IllegalArgumentException.class, () -> detector.detect(new long[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new RobustAnomalyDetector(5, 8, 3.5));
    }
}
