package org.aegisml.monitoring.internal.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;

/**
 * A mergeable counter of one categorical feature that tracks at most {@value #K} categories.
 * <p>
 * Counts are exact while there are at most {@code K} categories. Once {@code K} are tracked, a
 * category not among them is counted in {@link #other()}: a new category starts at one, which
 * never beats a tracked one, and keeping the tracked set fixed makes the hot path a map lookup
 * and an increment, with no allocation. A merge sums both sides and, above {@code K}, keeps the
 * {@code K} largest (ties by name, so merges are deterministic) and adds the rest to
 * {@code other}. A category that only appears late therefore shows up as growth of
 * {@code other}, which the drift detectors see in the {@link Histogram#OTHER} bin.
 * <p>
 * Not thread-safe: callers confine an instance.
 */
public final class CategoricalStats {
    public static final int K = 64;
    /** Longest category name stored, in bytes: bounds what a corrupt length can make a reader allocate. */
    private static final int MAX_NAME_BYTES = 1 << 16;
    private static final byte FORMAT = 1;
    private static final Comparator<Map.Entry<String, Counter>> LARGEST_FIRST = Comparator
            .comparingLong((Map.Entry<String, Counter> e) -> e.getValue().n).reversed()
            .thenComparing(Map.Entry::getKey);

    /** One category and its count. */
    public record Count(String category, long count) {
    }

    /** Mutable so that counting a known category allocates nothing. */
    private static final class Counter {
        long n;

        Counter(long n) {
            this.n = n;
        }
    }

    private final Map<String, Counter> tracked = new HashMap<>();
    private long other;
    private long count;
    private long missing;

    /** Counts one value; null counts as missing. */
    public void add(String category) {
        if (category == null) {
            missing++;
            return;
        }
        count++;
        Counter c = tracked.get(category);
        if (c != null) {
            c.n++;
        } else if (tracked.size() < K) {
            tracked.put(category, new Counter(1));
        } else {
            other++;
        }
    }

    public void addMissing() {
        missing++;
    }

    /** Adds {@code other}'s values to this; {@code other} is unchanged. */
    public void merge(CategoricalStats other) {
        if (other == this) other = other.copy();
        for (Map.Entry<String, Counter> e : other.tracked.entrySet()) {
            Counter c = tracked.get(e.getKey());
            if (c != null) c.n += e.getValue().n;
            else tracked.put(e.getKey(), new Counter(e.getValue().n));
        }
        this.other += other.other;
        count += other.count;
        missing += other.missing;
        if (tracked.size() > K) {
            List<Map.Entry<String, Counter>> byCount = new ArrayList<>(tracked.entrySet());
            byCount.sort(LARGEST_FIRST);
            for (Map.Entry<String, Counter> e : byCount.subList(K, byCount.size())) {
                this.other += e.getValue().n;
                tracked.remove(e.getKey());
            }
        }
    }

    /** Values counted (not missing ones), tracked or in {@code other}. */
    public long count() {
        return count;
    }

    public long missing() {
        return missing;
    }

    /** Values of categories beyond the tracked ones. */
    public long other() {
        return other;
    }

    /** The count of one category: 0 when it is not tracked. */
    public long count(String category) {
        Counter c = tracked.get(category);
        return c == null ? 0 : c.n;
    }

    /** At most {@code n} tracked categories, largest first, ties by name. */
    public List<Count> top(int n) {
        List<Map.Entry<String, Counter>> byCount = new ArrayList<>(tracked.entrySet());
        byCount.sort(LARGEST_FIRST);
        List<Count> top = new ArrayList<>(Math.min(n, byCount.size()));
        for (Map.Entry<String, Counter> e : byCount) {
            if (top.size() >= n) break;
            top.add(new Count(e.getKey(), e.getValue().n));
        }
        return top;
    }

    /**
     * Counts in the order of {@code categories} (which must be distinct); a category not
     * tracked counts 0. When the list ends with {@link Histogram#OTHER}, that last bin gets
     * {@link #other()} plus every tracked category missing from the list, so the bins add up
     * to {@link #count()}; otherwise those values are left out.
     */
    public Histogram toHistogram(List<String> categories) {
        int n = categories.size();
        boolean withOther = n > 0 && Histogram.OTHER.equals(categories.get(n - 1));
        long[] counts = new long[n];
        long listed = 0;
        for (int i = 0; i < (withOther ? n - 1 : n); i++) {
            counts[i] = count(categories.get(i));
            listed += counts[i];
        }
        if (withOther) counts[n - 1] = count - listed;
        return new Histogram(FeatureKind.CATEGORICAL, null, categories, counts, missing, Double.NaN, Double.NaN);
    }

    public CategoricalStats copy() {
        CategoricalStats s = new CategoricalStats();
        tracked.forEach((k, v) -> s.tracked.put(k, new Counter(v.n)));
        s.other = other;
        s.count = count;
        s.missing = missing;
        return s;
    }

    /** Format byte, counts, then the tracked categories by name (UTF-8 with a length) and count. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        VarInts.writeUnsigned(out, count);
        VarInts.writeUnsigned(out, missing);
        VarInts.writeUnsigned(out, other);
        VarInts.writeUnsigned(out, tracked.size());
        for (String name : tracked.keySet().stream().sorted().toList()) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_NAME_BYTES) throw new IOException("category name longer than " + MAX_NAME_BYTES + " bytes");
            VarInts.writeUnsigned(out, utf8.length);
            out.write(utf8);
            VarInts.writeUnsigned(out, tracked.get(name).n);
        }
    }

    public static CategoricalStats readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) throw new IOException("unknown categorical stats format " + format);
        CategoricalStats s = new CategoricalStats();
        s.count = VarInts.readBounded(in, Long.MAX_VALUE);
        s.missing = VarInts.readBounded(in, Long.MAX_VALUE);
        s.other = VarInts.readBounded(in, s.count);
        int size = (int) VarInts.readBounded(in, K);
        long total = s.other;
        for (int i = 0; i < size; i++) {
            byte[] utf8 = new byte[(int) VarInts.readBounded(in, MAX_NAME_BYTES)];
            in.readFully(utf8);
            long n = VarInts.readBounded(in, s.count - total);
            if (n == 0 || s.tracked.put(new String(utf8, StandardCharsets.UTF_8), new Counter(n)) != null) {
                throw new IOException("corrupt categorical stats: empty or repeated category");
            }
            total += n;
        }
        if (total != s.count) throw new IOException("corrupt categorical stats: counts do not add up");
        return s;
    }
}
