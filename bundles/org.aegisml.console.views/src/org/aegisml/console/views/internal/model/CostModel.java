package org.aegisml.console.views.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.aegisml.api.monitoring.CostReport;

/**
 * What the Cost view draws, without a screen: spend per day per key (stacked), the top keys with
 * everything else summed as "other" so the chart stays readable, and the cost-versus-quality
 * points of model versions with the Pareto front (no other version is both cheaper and better).
 */
public final class CostModel {
    public static final String OTHER = "other";

    /** Spend per day (ordered) per key (ordered by total spend, the rest folded into "other"). */
    public record Stacked(List<Instant> days, Map<String, double[]> byKey) {
    }

    /** A model version's cost per 1,000 calls against its quality (higher is better). */
    public record Point(String version, double costPerThousand, double quality, long calls) {
    }

    private CostModel() {
    }

    public static Stacked stacked(CostReport report, int top) {
        TreeMap<Instant, Integer> dayIndex = new TreeMap<>();
        Map<String, Double> totals = new LinkedHashMap<>();
        for (CostReport.Day d : report.days()) {
            dayIndex.put(d.day(), 0);
            totals.merge(d.key(), d.cost(), Double::sum);
        }
        List<Instant> days = new ArrayList<>(dayIndex.keySet());
        for (int i = 0; i < days.size(); i++) dayIndex.put(days.get(i), i);
        List<String> keys = totals.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).toList();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String k = i < top || keys.size() == top + 1 ? keys.get(i) : OTHER;
            out.computeIfAbsent(k, x -> new double[days.size()]);
        }
        for (CostReport.Day d : report.days()) {
            int rank = keys.indexOf(d.key());
            String k = rank < top || keys.size() == top + 1 ? d.key() : OTHER;
            out.get(k)[dayIndex.get(d.day())] += d.cost();
        }
        return new Stacked(days, out);
    }

    /** The points on the Pareto front, cheapest first: each is better than every cheaper one. */
    public static List<Point> paretoFront(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::costPerThousand).thenComparing(Comparator.comparingDouble(Point::quality).reversed()));
        List<Point> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Point p : sorted) {
            if (p.quality() > best) {
                front.add(p);
                best = p.quality();
            }
        }
        return front;
    }

    /** One group's token and provider (infrastructure) spend over the ledger's period, side by side. */
    public record Split(String key, double tokens, double infrastructure, Map<String, Double> bySource) {
        public double total() {
            return tokens + infrastructure;
        }

        /** The providers that billed it, e.g. {@code aws 12.40, gcp 3.10}; empty when none did. */
        public String sources() {
            StringBuilder b = new StringBuilder();
            bySource.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(Format.money(v)));
            return b.toString();
        }
    }

    /** The ledger's days summed per group, the costliest group first. */
    public static List<Split> split(org.aegisml.api.cost.LedgerReport ledger) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Map<String, Double>> sources = new LinkedHashMap<>();
        for (org.aegisml.api.cost.LedgerReport.Row r : ledger.rows()) {
            double[] s = sums.computeIfAbsent(r.key(), k -> new double[2]);
            s[0] += r.tokens();
            s[1] += r.infrastructure();
            Map<String, Double> by = sources.computeIfAbsent(r.key(), k -> new TreeMap<>());
            r.bySource().forEach((k, v) -> by.merge(k, v, Double::sum));
        }
        List<Split> out = new ArrayList<>();
        sums.forEach((k, s) -> out.add(new Split(k, s[0], s[1], sources.get(k))));
        out.sort(java.util.Comparator.comparingDouble(Split::total).reversed().thenComparing(Split::key));
        return out;
    }
}
