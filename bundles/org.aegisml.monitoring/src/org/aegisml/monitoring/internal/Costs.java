package org.aegisml.monitoring.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.store.MonitoringRepository.SummaryRow;
import org.aegisml.monitoring.internal.drift.RobustAnomalyDetector;

/**
 * Spend per day from the day summaries (one row per model, version, endpoint and arm and
 * day, each carrying its per-project tallies), and spend spikes: a day far above the
 * trailing two weeks of its group, by the same robust z-score as metric anomalies, upward
 * only.
 */
final class Costs {
    static final int MAX_DAYS = 400;
    static final int BASELINE_DAYS = 14;
    static final int MIN_HISTORY_DAYS = 7;
    static final String UNASSIGNED = "unassigned";
    private final MonitoringService service;

    Costs(MonitoringService service) {
        this.service = service;
    }

    private static final class Acc {
        double cost;
        long in;
        long out;
        long events;
    }

    CostReport report(CostQuery q) {
        if (q.from() == null || q.to() == null || !q.from().isBefore(q.to())) {
            throw new ValidationException("from", "from must be before to");
        }
        CostQuery.GroupBy groupBy = q.groupBy() == null ? CostQuery.GroupBy.MODEL : q.groupBy();
        Instant from = q.from().truncatedTo(ChronoUnit.DAYS);
        Instant to = q.to().truncatedTo(ChronoUnit.DAYS);
        if (to.isBefore(q.to())) to = to.plus(1, ChronoUnit.DAYS);
        long days = Duration.between(from, to).toDays();
        if (days > MAX_DAYS) throw new ValidationException("from", "at most " + MAX_DAYS + " days at once, not " + days);
        if (q.model() != null) service.models().resolveForQuery(q.model(), null);
        Instant history = from.minus(BASELINE_DAYS, ChronoUnit.DAYS);
        Instant end = to;
        List<SummaryRow> rows = service.store().read(tx -> tx.monitoring().summaries('d', q.model(), null, null, null,
                history, end));

        Map<String, TreeMap<Instant, Acc>> byKey = new TreeMap<>();
        for (SummaryRow r : rows) {
            var k = r.key();
            Aggregate a = Aggregate.decode(r.data(), false, service.bins(k.model()));
            for (Map.Entry<String, Aggregate.ProjectTally> p : a.projects.entrySet()) {
                String project = p.getKey().isEmpty() ? UNASSIGNED : p.getKey();
                if (q.project() != null && !q.project().equals(project)) continue;
                String key = switch (groupBy) {
                    case MODEL -> k.model();
                    case VERSION -> k.model() + ":" + k.version();
                    case ENDPOINT -> k.model() + "/" + k.endpoint();
                    case PROJECT -> project;
                };
                Acc acc = byKey.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(k.bucket(), x -> new Acc());
                Aggregate.ProjectTally t = p.getValue();
                acc.cost += t.cost;
                acc.in += t.inputTokens;
                acc.out += t.outputTokens;
                acc.events += t.events;
            }
        }

        List<CostReport.Day> out = new ArrayList<>();
        List<CostReport.Spike> spikes = new ArrayList<>();
        double total = 0;
        RobustAnomalyDetector detector = new RobustAnomalyDetector(BASELINE_DAYS, MIN_HISTORY_DAYS,
                RobustAnomalyDetector.DEFAULT_THRESHOLD);
        for (Map.Entry<String, TreeMap<Instant, Acc>> e : byKey.entrySet()) {
            int n = (int) Duration.between(history, to).toDays();
            long[] stamps = new long[n];
            double[] values = new double[n];
            boolean started = false;
            for (int i = 0; i < n; i++) {
                Instant day = history.plus(i, ChronoUnit.DAYS);
                Acc acc = e.getValue().get(day);
                stamps[i] = day.toEpochMilli();
                started |= acc != null;
                // Once a group has spent, a day without events spent nothing: part of the
                // baseline, not a gap. Before that there is no baseline: a new model's first
                // day is not a spike against a run of zeros.
                values[i] = acc != null ? acc.cost : started ? 0 : Double.NaN;
                if (acc != null && !day.isBefore(from)) {
                    out.add(new CostReport.Day(day, e.getKey(), acc.cost, acc.in, acc.out, acc.events));
                    total += acc.cost;
                }
            }
            for (RobustAnomalyDetector.Anomaly x : detector.spikes(stamps, values)) {
                Instant day = Instant.ofEpochMilli(x.timestamp());
                if (!day.isBefore(from)) spikes.add(new CostReport.Spike(day, e.getKey(), x.value(), x.median(), x.z()));
            }
        }
        out.sort(Comparator.comparing(CostReport.Day::day).thenComparing(CostReport.Day::key));
        spikes.sort(Comparator.comparing(CostReport.Spike::day).thenComparing(CostReport.Spike::key));
        return new CostReport(from, to, groupBy, total, out, spikes);
    }
}
