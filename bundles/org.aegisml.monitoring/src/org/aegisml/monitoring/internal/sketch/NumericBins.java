package org.aegisml.monitoring.internal.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The fine binning of one numeric feature, fixed from a reference sample so that every window
 * of the feature is counted in the same bins and drift detectors can compare any two.
 * <p>
 * With {@code lo}, {@code hi} the reference's finite extremes and {@code w = hi - lo} (for a
 * constant reference {@code max(|lo|, 1) / 10}): 200 equal-width inner bins over
 * {@code [lo - w/4, hi + w/4]} (fine enough for KS and Wasserstein, and the margin keeps a
 * moderate shift inside the even region); 20 bins on each side whose widths double outward from
 * the inner width (a shift of up to about a million inner widths is still resolved); and two
 * end bins out to -Infinity and +Infinity. 242 bins, 243 edges.
 * <p>
 * Immutable; equal when the edges are equal.
 */
public final class NumericBins {
    private static final int INNER = 200;
    private static final int TAIL = 20;
    /** Index of the first inner edge (and inner bin). */
    private static final int FIRST_INNER = TAIL + 1;
    private static final byte FORMAT = 1;

    private final double innerLo;
    private final double width;
    private final double invWidth;
    private final double[] edges;

    private NumericBins(double innerLo, double width) {
        if (!Double.isFinite(innerLo) || !(width > 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("bins need a finite start and a positive width");
        }
        this.innerLo = innerLo;
        this.width = width;
        this.invWidth = 1 / width;
        edges = new double[INNER + 2 * TAIL + 3];
        edges[0] = Double.NEGATIVE_INFINITY;
        edges[edges.length - 1] = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= INNER; i++) edges[FIRST_INNER + i] = innerLo + i * width;
        double innerHi = edges[FIRST_INNER + INNER];
        for (int k = 1; k <= TAIL; k++) {
            double reach = width * ((1L << k) - 1);
            edges[FIRST_INNER - k] = innerLo - reach;
            edges[FIRST_INNER + INNER + k] = innerHi + reach;
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i - 1] < edges[i]) || (i < edges.length - 1 && !Double.isFinite(edges[i]))) {
                throw new IllegalArgumentException("reference range cannot be binned in doubles: start " + innerLo + ", width " + width);
            }
        }
    }

    /** Bins for the finite values of {@code values} (NaN and infinities are ignored). */
    public static NumericBins fromReference(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (v < lo && v > Double.NEGATIVE_INFINITY) lo = v;
            if (v > hi && v < Double.POSITIVE_INFINITY) hi = v;
        }
        if (lo > hi) throw new IllegalArgumentException("the reference sample has no finite value");
        double w = hi - lo;
        if (w == 0) w = Math.max(Math.abs(lo), 1) * 0.1;
        // A range within the values' own rounding would give bins narrower than an ulp.
        w = Math.max(w, Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9);
        double innerLo = lo - 0.25 * w;
        return new NumericBins(innerLo, (hi + 0.25 * w - innerLo) / INNER);
    }

    /** Ascending; the first is -Infinity, the last +Infinity. A copy. */
    public double[] edges() {
        return edges.clone();
    }

    public int size() {
        return edges.length - 1;
    }

    /**
     * The bin {@code i} with {@code edges[i] <= x < edges[i + 1]}; +Infinity goes to the last
     * bin. Arithmetic for the inner region, a binary search in the tails.
     */
    public int bin(double x) {
        double t = (x - innerLo) * invWidth;
        if (t >= 0 && t < INNER) {
            int i = FIRST_INNER + (int) t;
            // The product may round across an edge; the stored edges decide.
            if (x < edges[i]) return i - 1;
            if (x >= edges[i + 1]) return i + 1;
            return i;
        }
        return tailBin(x);
    }

    private int tailBin(double x) {
        if (x != x) throw new IllegalArgumentException("NaN has no bin");
        if (x == Double.POSITIVE_INFINITY) return edges.length - 2;
        // Largest i with edges[i] <= x; edges[0] = -Infinity satisfies it.
        int lo = 0;
        int hi = edges.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /** The scheme is two doubles: the inner start and width; the edges follow from them. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeDouble(innerLo);
        out.writeDouble(width);
    }

    public static NumericBins readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) throw new IOException("unknown numeric bins format " + format);
        double start = in.readDouble();
        double w = in.readDouble();
        try {
            return new NumericBins(start, w);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt numeric bins: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof NumericBins b && Arrays.equals(edges, b.edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return "NumericBins[" + edges[FIRST_INNER] + ", " + edges[FIRST_INNER + INNER] + " in " + INNER + " + 2x" + TAIL + " tail bins]";
    }
}
