package org.aegisml.monitoring.internal.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.aegisml.monitoring.internal.sketch.CategoricalStats.Count;
import org.junit.jupiter.api.Test;

class CategoricalStatsTest {
    private static void add(CategoricalStats s, String category, int times) {
        for (int i = 0; i < times; i++) s.add(category);
    }

    @Test
    void exactUpToKCategoriesThenOther() {
        CategoricalStats s = new CategoricalStats();
        for (int c = 0; c < CategoricalStats.K; c++) add(s, "c" + c, c + 1);
        assertEquals(0, s.other());
        assertEquals(64, s.count("c63"));
        add(s, "late", 1000);
        add(s, "c0", 1);
        s.add(null);
        s.addMissing();
        assertEquals(1000, s.other(), "a category beyond K counts in other");
        assertEquals(0, s.count("late"));
        assertEquals(2, s.count("c0"));
        assertEquals(64 * 65 / 2 + 1000 + 1, s.count());
        assertEquals(2, s.missing());
        assertEquals(List.of(new Count("c63", 64), new Count("c62", 63)), s.top(2));
        assertEquals(64, s.top(100).size());
    }

    @Test
    void aMergeBeyondKKeepsTheLargest() {
        CategoricalStats a = new CategoricalStats();
        CategoricalStats b = new CategoricalStats();
        for (int c = 0; c < 40; c++) add(a, "a" + c, 10 + c);
        for (int c = 0; c < 40; c++) add(b, "b" + c, 100 + c);
        add(b, "a39", 1);
        a.merge(b);
        assertEquals(CategoricalStats.K, a.top(1000).size());
        // The 40 b's (100..139) and the 24 largest a's (a16..a39, 26..49 plus one) are kept.
        assertEquals(0, a.count("a15"));
        assertEquals(26, a.count("a16"));
        assertEquals(50, a.count("a39"));
        long dropped = 0;
        for (int c = 0; c < 16; c++) dropped += 10 + c;
        assertEquals(dropped, a.other());
        long total = 0;
        for (int c = 0; c < 40; c++) total += 10 + c + 100 + c;
        assertEquals(total + 1, a.count());
        assertEquals(a.count(), a.top(64).stream().mapToLong(Count::count).sum() + a.other());
    }

    @Test
    void histogramInTheGivenOrder() {
        CategoricalStats s = new CategoricalStats();
        add(s, "red", 5);
        add(s, "green", 3);
        add(s, "blue", 2);
        s.addMissing();
        Histogram h = s.toHistogram(List.of("green", "red", "purple", Histogram.OTHER));
        assertEquals(FeatureKind.CATEGORICAL, h.kind());
        assertArrayEquals(new long[] { 3, 5, 0, 2 }, h.counts());
        assertEquals(1, h.missing());
        assertArrayEquals(new long[] { 3, 5 }, s.toHistogram(List.of("green", "red")).counts());
    }

    @Test
    void roundTripAndCopy() throws IOException {
        CategoricalStats s = new CategoricalStats();
        for (int c = 0; c < 70; c++) add(s, "cat-ü-" + c, c % 5 + 1);
        s.addMissing();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        byte[] bytes = out.toByteArray();
        CategoricalStats back = CategoricalStats.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertEquals(s.top(100), back.top(100));
        assertEquals(s.other(), back.other());
        assertEquals(s.count(), back.count());
        assertEquals(s.missing(), back.missing());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);
        assertThrows(IOException.class, () -> CategoricalStats.readFrom(new DataInputStream(new ByteArrayInputStream(truncated))));

        CategoricalStats copy = s.copy();
        copy.add("cat-ü-0");
        assertEquals(s.count("cat-ü-0") + 1, copy.count("cat-ü-0"));
        copy.merge(copy);
        assertEquals(2 * (s.count() + 1), copy.count());
    }
}
