package org.aegisml.console.views.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftReport.DriftBin;
import org.aegisml.api.monitoring.DriftReport.FeatureDrift;
import org.aegisml.api.monitoring.DriftReport.MethodResult;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.DriftThreshold;

/**
 * What the Drift view shows for one model version: features ranked by how far they drifted,
 * a feature's baseline and current distributions as shares, and its score over successive
 * windows against the method's thresholds.
 */
public final class DriftModel {
    /** One feature, by its most telling method (the worst status, then the highest score). */
    public record Row(String feature, boolean output, String kind, DriftStatus status, String method, double score,
            double pValue, DriftThreshold threshold, long current, String note) {
    }

    /** One histogram bin: its label and the share of baseline and current values in it. */
    public record Bar(String label, double baseline, double current) {
    }

    public record Point(Instant at, double score) {
    }

    private DriftModel() {
    }

    static int severity(DriftStatus s) {
        return switch (s) {
            case ALERT -> 3;
            case WARN -> 2;
            case OK -> 1;
            case UNKNOWN -> 0;
        };
    }

    public static List<Row> ranked(DriftReport report) {
        List<Row> out = new ArrayList<>();
        for (FeatureDrift f : report.features()) {
            MethodResult best = best(f);
            out.add(new Row(f.feature(), f.output(), f.kind() == null ? "–" : Format.words(f.kind()), f.status(),
                    best == null ? "–" : best.method(), best == null ? Double.NaN : best.score(),
                    best == null ? Double.NaN : best.pValue(), best == null ? null : best.threshold(), f.currentCount(), f.note()));
        }
        out.sort(Comparator.comparingInt((Row r) -> severity(r.status())).reversed()
                .thenComparing(Comparator.comparingDouble((Row r) -> Double.isNaN(r.score()) ? -1 : r.score()).reversed())
                .thenComparing(Row::feature));
        return out;
    }

    static MethodResult best(FeatureDrift f) {
        return f.methods().stream().filter(m -> m.error() == null)
                .max(Comparator.comparingInt((MethodResult m) -> severity(m.status()))
                        .thenComparingDouble(m -> Double.isNaN(m.score()) ? -1 : m.score()))
                .orElse(null);
    }

    /** The feature's bins as shares of each side's count (so differently sized windows compare). */
    public static List<Bar> histogram(FeatureDrift f) {
        long b = 0, c = 0;
        for (DriftBin bin : f.bins()) {
            b += bin.baseline();
            c += bin.current();
        }
        List<Bar> out = new ArrayList<>();
        for (DriftBin bin : f.bins()) {
            String label = bin.value() != null ? bin.value()
                    : "[" + Format.number(bin.lower()) + ", " + Format.number(bin.upper()) + ")";
            out.add(new Bar(label, b == 0 ? 0 : (double) bin.baseline() / b, c == 0 ? 0 : (double) bin.current() / c));
        }
        return out;
    }

    /**
     * The feature's measure in each window's report for one method, oldest first: the score, or
     * the p-value for a method whose thresholds are on the p-value.
     */
    public static List<Point> scores(List<DriftReport> windows, String feature, String method) {
        List<Point> out = new ArrayList<>();
        for (DriftReport r : windows) {
            for (FeatureDrift f : r.features()) {
                if (!f.feature().equals(feature)) continue;
                for (MethodResult m : f.methods()) {
                    if (!m.method().equals(method) || m.error() != null) continue;
                    double v = m.threshold() != null && m.threshold().direction() == DriftThreshold.Direction.P_VALUE_BELOW
                            ? m.pValue() : m.score();
                    if (!Double.isNaN(v)) out.add(new Point(r.to(), v));
                }
            }
        }
        out.sort(Comparator.comparing(Point::at));
        return out;
    }
}
