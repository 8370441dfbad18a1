package org.aegisml.monitoring.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.store.MonitoringRepository.FeatureScheme;
import org.aegisml.api.store.Store;
import org.aegisml.monitoring.internal.sketch.NumericBins;

/**
 * How each feature of each model is summarised, fixed at first sight: its kind (numbers or
 * categories, so a stream that changes type is caught) and, for numbers, the fine bins every
 * bucket uses (so that buckets merge exactly and drift compares like with like). Stored in
 * the database, so every replica and every restart bins the same way; cached here.
 */
final class Schemes {
    record Scheme(FeatureKind kind, NumericBins bins) {
    }

    private record Key(String model, String feature) {
    }

    private final Store store;
    private final ConcurrentHashMap<Key, Scheme> cache = new ConcurrentHashMap<>();

    Schemes(Store store) {
        this.store = store;
        for (FeatureScheme s : store.read(tx -> tx.monitoring().schemes())) {
            cache.put(new Key(s.model(), s.feature()), decode(s));
        }
    }

    Scheme get(String model, String feature) {
        return cache.get(new Key(model, feature));
    }

    /**
     * Fixes the scheme of a feature seen for the first time: categories, or numeric bins over
     * the reference values. When another replica fixed it first, its scheme wins.
     */
    Scheme define(String model, String feature, FeatureKind kind, double[] reference) {
        Key k = new Key(model, feature);
        Scheme known = cache.get(k);
        if (known != null) return known;
        byte[] bins = kind == FeatureKind.NUMERIC ? encode(NumericBins.fromReference(reference)) : null;
        FeatureScheme stored = store.write(tx -> tx.monitoring()
                .ensureScheme(new FeatureScheme(model, feature, kind.name().toLowerCase(java.util.Locale.ROOT), bins)));
        Scheme s = decode(stored);
        Scheme raced = cache.putIfAbsent(k, s);
        return raced != null ? raced : s;
    }

    private static byte[] encode(NumericBins bins) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            bins.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scheme decode(FeatureScheme s) {
        FeatureKind kind = FeatureKind.valueOf(s.kind().toUpperCase(java.util.Locale.ROOT));
        if (kind == FeatureKind.CATEGORICAL) return new Scheme(kind, null);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(s.bins()))) {
            return new Scheme(kind, NumericBins.readFrom(in));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt bins of feature " + s.feature(), e);
        }
    }
}
