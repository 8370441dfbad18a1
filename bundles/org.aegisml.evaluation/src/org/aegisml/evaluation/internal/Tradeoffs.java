package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.MetricValue;
import org.aegisml.api.evaluation.Tradeoff;
import org.aegisml.api.evaluation.TradeoffPoint;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;

/**
 * Quality against cost and latency per version, from each version's newest run on the dataset
 * version that has the metric. A version is Pareto-optimal when no other is at least as good on
 * quality, cost per 1,000 requests and p95 latency, and better on one. An unknown cost or
 * latency counts as the worst, so it cannot make a version look dominant.
 */
final class Tradeoffs {
    private Tradeoffs() {
    }

    static Tradeoff of(AssetType type, String name, VersionRef dataset, String metric, boolean higher, List<EvaluationRun> runs) {
        Map<VersionRef, EvaluationRun> newest = new LinkedHashMap<>();
        for (EvaluationRun r : runs) { // newest first
            MetricValue m = r.metric(metric);
            if (r.target().type() != type || !r.target().name().equals(name) || m == null || m.value() == null) continue;
            newest.putIfAbsent(r.target(), r);
        }
        List<EvaluationRun> rs = new ArrayList<>(newest.values());
        rs.sort(Comparator.comparingInt(r -> r.target().version()));
        List<TradeoffPoint> points = new ArrayList<>();
        for (EvaluationRun r : rs) {
            boolean dominated = false;
            for (EvaluationRun o : rs) if (o != r && dominates(o, r, metric, higher)) dominated = true;
            points.add(new TradeoffPoint(r.target(), r.id(), r.metric(metric).value(), r.costPer1k(), r.latencyP50(),
                    r.latencyP95(), !dominated));
        }
        return new Tradeoff(metric, higher, dataset, points);
    }

    static boolean dominates(EvaluationRun a, EvaluationRun b, String metric, boolean higher) {
        double qa = (higher ? 1 : -1) * a.metric(metric).value(), qb = (higher ? 1 : -1) * b.metric(metric).value();
        double ca = worst(a.costPer1k()), cb = worst(b.costPer1k());
        double la = worst(a.latencyP95()), lb = worst(b.latencyP95());
        boolean noWorse = qa >= qb && ca <= cb && la <= lb;
        boolean better = qa > qb || ca < cb || la < lb;
        return noWorse && better;
    }

    private static double worst(Double d) {
        return d == null ? Double.POSITIVE_INFINITY : d;
    }
}
