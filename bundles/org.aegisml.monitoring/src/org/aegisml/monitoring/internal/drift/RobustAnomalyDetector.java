package org.aegisml.monitoring.internal.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flags points of a metric series that lie far from their trailing window, by the robust
 * z-score z = 0.6745 (x - median) / MAD (Iglewicz and Hoaglin; 0.6745 makes it comparable to a
 * standard z-score for normal data). Median and MAD ignore the outliers they are meant to find,
 * so one spike neither hides the next nor makes its neighbours look normal.
 * <p>
 * The MAD is floored at {@code relativeFloor} |median| + 1e-9 (1e-3 unless set): on a flat
 * series (a constant error rate, a pinned latency) the MAD is zero or nearly so, and without
 * the floor every wiggle would score an enormous z. A series read from a sketch moves in steps
 * of the sketch's resolution (2 % for the latency quantiles), so its floor must be at least
 * that step, or one step would look like an incident.
 * <p>
 * Gaps (NaN) are skipped and not part of any window. Immutable and thread-safe.
 */
public final class RobustAnomalyDetector {
    public static final int DEFAULT_WINDOW = 30;
    public static final int DEFAULT_MIN_HISTORY = 8;
    public static final double DEFAULT_THRESHOLD = 3.5;
    private static final double CONSISTENCY = 0.6745;

    public enum Direction {
        UP, DOWN
    }

    /** One flagged point: its value, the trailing window's median and MAD (floored), and z. */
    public record Anomaly(long timestamp, double value, double median, double mad, double z, Direction direction) {
    }

    private final int window;
    private final int minHistory;
    private final double threshold;
    private final double relativeFloor;

    public RobustAnomalyDetector() {
        this(DEFAULT_WINDOW, DEFAULT_MIN_HISTORY, DEFAULT_THRESHOLD);
    }

    /**
     * @param window     how many preceding values (gaps excluded) a point is compared with
     * @param minHistory how many preceding values a point needs before it can be flagged
     * @param threshold  the |z| above which a point is flagged
     */
    public RobustAnomalyDetector(int window, int minHistory, double threshold) {
        this(window, minHistory, threshold, 1e-3);
    }

    /** @param relativeFloor the least MAD, as a share of the median's magnitude */
    public RobustAnomalyDetector(int window, int minHistory, double threshold, double relativeFloor) {
        if (minHistory < 1 || window < minHistory || !(threshold > 0) || !(relativeFloor >= 0)) {
            throw new IllegalArgumentException("need 1 <= minHistory <= window, threshold > 0 and relativeFloor >= 0");
        }
        this.window = window;
        this.minHistory = minHistory;
        this.threshold = threshold;
        this.relativeFloor = relativeFloor;
    }

    /** Points above or below their trailing window; {@code timestamps} ascending, one per value. */
    public List<Anomaly> detect(long[] timestamps, double[] values) {
        return scan(timestamps, values, false);
    }

    /**
     * Days far above their trailing baseline, for a daily series such as spend or error
     * counts: the same test, upward only (a quiet day is no incident).
     */
    public List<Anomaly> spikes(long[] days, double[] values) {
        return scan(days, values, true);
    }

    private List<Anomaly> scan(long[] timestamps, double[] values, boolean upOnly) {
        if (timestamps.length != values.length) throw new IllegalArgumentException("one timestamp per value");
        double[] ring = new double[window];
        double[] scratch = new double[window];
        int filled = 0;
        int next = 0;
        List<Anomaly> found = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            if (Double.isNaN(x)) continue;
            if (filled >= minHistory) {
                System.arraycopy(ring, 0, scratch, 0, filled);
                double median = median(scratch, filled);
                for (int k = 0; k < filled; k++) scratch[k] = Math.abs(ring[k] - median);
                double mad = Math.max(median(scratch, filled), relativeFloor * Math.abs(median) + 1e-9);
                double z = CONSISTENCY * (x - median) / mad;
                if (z > threshold || (!upOnly && z < -threshold)) {
                    found.add(new Anomaly(timestamps[i], x, median, mad, z, z > 0 ? Direction.UP : Direction.DOWN));
                }
            }
            ring[next] = x;
            next = (next + 1) % window;
            if (filled < window) filled++;
        }
        return found;
    }

    /** Median of a[0, n); reorders a. */
    private static double median(double[] a, int n) {
        Arrays.sort(a, 0, n);
        return (n & 1) == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
