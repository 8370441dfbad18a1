package com.example.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.junit.jupiter.api.Test;

class TotalVariationDetectorTest {
    private static Histogram h(long... counts) {
        return new Histogram(FeatureKind.CATEGORICAL, null, List.of("a", "b"), counts, 0, Double.NaN, Double.NaN);
    }

    @Test
    void equalIsZeroAndDisjointIsOne() {
        var d = new TotalVariationDetector();
        assertEquals(0.0, d.score(h(5, 5), h(10, 10)).score(), 1e-12);
        assertEquals(1.0, d.score(h(10, 0), h(0, 10)).score(), 1e-12);
    }
}
