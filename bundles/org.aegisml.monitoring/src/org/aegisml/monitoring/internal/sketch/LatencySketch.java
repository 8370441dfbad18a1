package org.aegisml.monitoring.internal.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A mergeable quantile sketch for latencies in milliseconds, after DDSketch (Masson, Rim and
 * Lee, VLDB 2019).
 * <p>
 * <b>Guarantee.</b> With {@code n} values added, {@code quantile(q)} returns a value {@code v}
 * with {@code |v - x| <= 0.01 x}, where {@code x} is the value at 0-based rank
 * {@code floor(q (n - 1))} of the sorted input (up to a rounding error of the logarithm for a
 * value on a bucket edge), provided that {@code x > 1e-3} and that the values above 1e-3 span
 * less than a factor {@code gamma^2047}, about 6e17. Values at or below 1e-3 share a zero bucket,
 * answered by the smallest value seen; beyond the span the lowest buckets are collapsed into
 * one and only the upper quantiles keep the bound. Ranks 0 and {@code n - 1} are answered
 * exactly (min and max). Merging is exact: merged sketches answer like one sketch of all their
 * values. {@code count}, {@code min} and {@code max} are exact; {@code sum} is a floating-point
 * sum.
 * <p>
 * Bucket {@code i} holds the values in {@code (gamma^(i-1), gamma^i]} with
 * {@code gamma = (1 + a) / (1 - a)}; its representative {@code 2 gamma^i / (gamma + 1)} is
 * within relative error {@code a} of every value in it. Buckets live in one contiguous
 * {@code long[]} with an index offset: a microsecond to an hour is about 1,100 buckets, so a
 * dense array beats a map, and adding a value is a log, a multiply and an increment.
 * <p>
 * Not thread-safe: callers confine an instance or copy it.
 */
public final class LatencySketch {
    public static final double RELATIVE_ACCURACY = 0.01;
    /** Values at or below this (one microsecond) are counted in the zero bucket. */
    public static final double MIN_INDEXABLE = 1e-3;
    /** Most buckets kept; beyond, the lowest ones are collapsed into one. */
    private static final int MAX_BUCKETS = 2048;

    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final double INV_LOG_GAMMA = 1 / LOG_GAMMA;
    private static final int MIN_INDEX = index(Math.nextUp(MIN_INDEXABLE));
    private static final int MAX_INDEX = index(Double.MAX_VALUE);
    private static final int INITIAL_CAPACITY = 128;
    private static final byte FORMAT = 1;

    /** counts[k] is bucket offset + k; every non-zero bucket lies in [minIndex, maxIndex]. */
    private long[] counts = new long[0];
    private int offset;
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = Integer.MIN_VALUE;
    private long zeroCount;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public void add(double value) {
        add(value, 1);
    }

    /** Adds {@code value} {@code count} times; value must be finite and not negative. */
    public void add(double value, long count) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a latency must be finite and not negative: " + value);
        }
        if (count < 0) throw new IllegalArgumentException("negative count " + count);
        if (count == 0) return;
        if (value <= MIN_INDEXABLE) {
            zeroCount += count;
        } else {
            addToBucket(index(value), count);
        }
        this.count += count;
        sum += value * count;
        if (value < min) min = value;
        if (value > max) max = value;
    }

    /** Adds every value of {@code other} to this sketch; {@code other} is unchanged. */
    public void merge(LatencySketch other) {
        if (other == this) other = other.copy();
        if (other.count == 0) return;
        for (int i = other.minIndex; i <= other.maxIndex; i++) {
            long c = other.counts[i - other.offset];
            if (c != 0) addToBucket(i, c);
        }
        zeroCount += other.zeroCount;
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    /** NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    public double sum() {
        return sum;
    }

    /**
     * The value at rank {@code floor(q * (count - 1))} within the relative accuracy (see the
     * class comment); NaN when empty.
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        if (count == 0) return Double.NaN;
        double rank = q * (count - 1);
        // The extreme ranks are known exactly.
        if (rank < 1) return min;
        if (rank >= count - 1) return max;
        long seen = zeroCount;
        // The zero bucket's values lie in [min, 1e-3]: the exact minimum is the better answer.
        if (seen > rank) return min;
        for (int i = minIndex; i <= maxIndex; i++) {
            seen += counts[i - offset];
            // The true value lies in [min, max]: clamping can only move the answer closer.
            if (seen > rank) return Math.clamp(value(i), min, max);
        }
        return max;
    }

    public LatencySketch copy() {
        LatencySketch s = new LatencySketch();
        s.counts = counts.clone();
        s.offset = offset;
        s.minIndex = minIndex;
        s.maxIndex = maxIndex;
        s.zeroCount = zeroCount;
        s.count = count;
        s.sum = sum;
        s.min = min;
        s.max = max;
        return s;
    }

    /** Format byte, counts and moments, then the non-empty buckets as index gaps and counts. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        VarInts.writeUnsigned(out, count);
        VarInts.writeUnsigned(out, zeroCount);
        out.writeDouble(sum);
        out.writeDouble(min);
        out.writeDouble(max);
        int buckets = 0;
        for (int i = minIndex; i <= maxIndex; i++) {
            if (counts[i - offset] != 0) buckets++;
        }
        VarInts.writeUnsigned(out, buckets);
        int previous = 0;
        boolean first = true;
        for (int i = minIndex; i <= maxIndex; i++) {
            long c = counts[i - offset];
            if (c == 0) continue;
            if (first) {
                VarInts.writeSigned(out, i);
                first = false;
            } else {
                VarInts.writeUnsigned(out, i - previous);
            }
            VarInts.writeUnsigned(out, c);
            previous = i;
        }
    }

    public static LatencySketch readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) throw new IOException("unknown latency sketch format " + format);
        LatencySketch s = new LatencySketch();
        long count = VarInts.readBounded(in, Long.MAX_VALUE);
        long zero = VarInts.readBounded(in, count);
        double sum = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        int buckets = (int) VarInts.readBounded(in, MAX_BUCKETS);
        long index = 0;
        long total = zero;
        for (int b = 0; b < buckets; b++) {
            long gap = b == 0 ? 0 : VarInts.readBounded(in, MAX_BUCKETS - 1);
            index = b == 0 ? VarInts.readSigned(in) : index + gap;
            if ((b > 0 && gap == 0) || index < MIN_INDEX || index > MAX_INDEX) {
                throw new IOException("corrupt latency sketch: bucket " + index);
            }
            long c = VarInts.readBounded(in, count - total);
            if (c == 0) throw new IOException("corrupt latency sketch: empty bucket");
            s.addToBucket((int) index, c);
            total += c;
        }
        if (total != count || (count > 0 && !(min <= max))) throw new IOException("corrupt latency sketch: counts do not add up");
        s.zeroCount = zero;
        s.count = count;
        s.sum = sum;
        s.min = count == 0 ? Double.POSITIVE_INFINITY : min;
        s.max = count == 0 ? Double.NEGATIVE_INFINITY : max;
        return s;
    }

    private static int index(double x) {
        return (int) Math.ceil(Math.log(x) * INV_LOG_GAMMA);
    }

    private static double value(int index) {
        return 2 * Math.exp(index * LOG_GAMMA) / (GAMMA + 1);
    }

    private void addToBucket(int index, long c) {
        if (minIndex > maxIndex) {
            if (counts.length == 0) counts = new long[INITIAL_CAPACITY];
            offset = index - counts.length / 2;
            minIndex = maxIndex = index;
        } else if (index > maxIndex) {
            reshape(Math.max(minIndex, index - MAX_BUCKETS + 1), index);
        } else if (index < minIndex) {
            // Past the span limit a low value joins the lowest bucket kept.
            index = Math.max(index, maxIndex - MAX_BUCKETS + 1);
            if (index < minIndex) reshape(index, maxIndex);
        }
        counts[index - offset] += c;
    }

    /**
     * Makes [newMin, newMax] the occupied span: buckets below newMin are collapsed into it, and
     * the array is recentred or grown when the span leaves it.
     */
    private void reshape(int newMin, int newMax) {
        long collapsed = 0;
        for (int i = minIndex; i < newMin && i <= maxIndex; i++) {
            collapsed += counts[i - offset];
            counts[i - offset] = 0;
        }
        if (newMin < offset || newMax >= offset + counts.length) {
            int span = newMax - newMin + 1;
            long[] target = span <= counts.length ? counts
                    : new long[Math.min(MAX_BUCKETS, Math.max(2 * counts.length, span + span / 2))];
            // Centre the span so that growth either way is absorbed without another move.
            int newOffset = newMin - (target.length - span) / 2;
            int keepLo = Math.max(minIndex, newMin);
            int keepHi = maxIndex;
            if (keepLo <= keepHi) {
                System.arraycopy(counts, keepLo - offset, target, keepLo - newOffset, keepHi - keepLo + 1);
                Arrays.fill(target, 0, keepLo - newOffset, 0);
                Arrays.fill(target, keepHi - newOffset + 1, target.length, 0);
            } else {
                Arrays.fill(target, 0);
            }
            counts = target;
            offset = newOffset;
        }
        minIndex = newMin;
        maxIndex = newMax;
        counts[newMin - offset] += collapsed;
    }
}
