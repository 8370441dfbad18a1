package org.aegisml.monitoring.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.MetricSeries;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.api.monitoring.VersionSummary.Bin;
import org.aegisml.api.monitoring.VersionSummary.FeatureSummary;
import org.aegisml.api.monitoring.VersionSummary.Frequency;
import org.aegisml.api.store.MonitoringRepository.SummaryRow;
import org.aegisml.monitoring.internal.sketch.CategoricalStats;
import org.aegisml.monitoring.internal.sketch.NumericStats;

/**
 * Reads summaries, never raw events: a series from the coarsest resolution its step and
 * start allow, a window summary from days, hours and minutes stitched together so that a
 * 30-day window costs about 30 day rows plus the ragged edges.
 */
final class Queries {
    static final int MAX_POINTS = 10_000;
    static final int TOP = 20;
    private final MonitoringService service;

    Queries(MonitoringService service) {
        this.service = service;
    }

    /** One stretch of time read at one resolution. */
    record Segment(char resolution, Instant from, Instant to) {
    }

    MetricSeries series(SeriesQuery q) {
        if (q.metric() == null) throw new ValidationException("metric", "metric is required");
        if (q.metric() == Metric.INFRASTRUCTURE_COST) return infrastructure(q);
        Instant from = q.from().truncatedTo(ChronoUnit.MINUTES);
        Instant to = q.to();
        if (!from.isBefore(to)) throw new ValidationException("from", "from must be before to");
        long step = q.step().toSeconds();
        if (step < 60 || step % 60 != 0) throw new ValidationException("step", "step must be a whole number of minutes");
        long points = (Duration.between(from, to).toSeconds() + step - 1) / step;
        if (points > MAX_POINTS) {
            throw new ValidationException("step", "the range holds " + points + " steps; at most " + MAX_POINTS
                    + " are returned, choose a larger step");
        }
        int version = service.models().resolveForQuery(q.model(), q.version());
        char res = resolution(from, step);
        String arm = q.arm() == null ? null : q.arm().wire();
        boolean needsSketch = q.metric().name().startsWith("LATENCY");
        Map<Instant, Aggregate> steps = new TreeMap<>();
        List<SummaryRow> rows = service.store().read(tx -> tx.monitoring().summaries(res, q.model(), version,
                q.endpoint(), arm, from, to));
        var bins = service.bins(q.model());
        for (SummaryRow r : rows) {
            long offset = Duration.between(from, r.key().bucket()).toSeconds() / step;
            Instant t = from.plusSeconds(offset * step);
            Aggregate a = Aggregate.decode(r.data(), false, bins);
            if (!needsSketch) a.latency = null;
            steps.computeIfAbsent(t, x -> new Aggregate()).merge(a);
        }
        List<MetricSeries.Point> out = new ArrayList<>(steps.size());
        steps.forEach((t, a) -> {
            Double v = value(q.metric(), a);
            if (v != null) out.add(new MetricSeries.Point(t, v, a.count));
        });
        return new MetricSeries(q.model(), version, q.endpoint(), q.arm(), q.metric(), Duration.ofSeconds(step), out);
    }

    org.aegisml.api.monitoring.Anomalies anomalies(SeriesQuery q, int window, double threshold) {
        if (window < 2 || window > 1000) throw new ValidationException("window", "window must be between 2 and 1000 steps");
        if (!(threshold > 0) || threshold > 100) throw new ValidationException("threshold", "threshold must be in (0, 100]");
        if (q.metric() == null) throw new ValidationException("metric", "metric is required");
        if (q.from() == null || q.to() == null) throw new ValidationException("from", "from and to are required");
        Instant from = q.from().truncatedTo(ChronoUnit.MINUTES);
        long step = q.step().toSeconds();
        if (step < 60 || step % 60 != 0) throw new ValidationException("step", "step must be a whole number of minutes");
        // The first points of the range are judged against the window before it.
        Instant history = from.minusSeconds(step * window);
        MetricSeries full = series(new SeriesQuery(q.model(), q.version(), q.endpoint(), q.arm(), q.metric(), history,
                q.to(), q.step()));
        Map<Instant, Double> byTime = new java.util.HashMap<>();
        for (MetricSeries.Point p : full.points()) byTime.put(p.time(), p.value());
        List<Long> stamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        boolean zeros = q.metric().counts();
        boolean started = false;
        for (Instant t = history; t.isBefore(q.to()); t = t.plusSeconds(step)) {
            Double v = byTime.get(t);
            started |= v != null;
            // Zeros count only once traffic began: before it there is no baseline, and the
            // first events of a new model are not a surge.
            if (v == null && !(zeros && started)) continue;
            stamps.add(t.toEpochMilli());
            values.add(v == null ? 0 : v);
        }
        // Latency quantiles come from a sketch whose buckets are 2 % wide (1 % relative
        // accuracy): a move of one bucket is resolution, not an anomaly.
        double floor = q.metric().name().startsWith("LATENCY_P") ? 2 * org.aegisml.monitoring.internal.sketch.LatencySketch.RELATIVE_ACCURACY
                : 1e-3;
        var detector = new org.aegisml.monitoring.internal.drift.RobustAnomalyDetector(window,
                Math.min(org.aegisml.monitoring.internal.drift.RobustAnomalyDetector.DEFAULT_MIN_HISTORY, window), threshold,
                floor);
        List<org.aegisml.api.monitoring.Anomalies.Anomaly> found = new ArrayList<>();
        for (var a : detector.detect(stamps.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray())) {
            Instant t = Instant.ofEpochMilli(a.timestamp());
            if (t.isBefore(from)) continue;
            found.add(new org.aegisml.api.monitoring.Anomalies.Anomaly(t, a.value(), a.median(), a.mad(), a.z(),
                    a.direction().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<MetricSeries.Point> shown = full.points().stream().filter(p -> !p.time().isBefore(from)).toList();
        return new org.aegisml.api.monitoring.Anomalies(new MetricSeries(full.model(), full.version(), full.endpoint(),
                full.arm(), full.metric(), full.step(), shown), window, threshold, found);
    }

    private static final long DAY = 86_400;

    /** Provider spend per whole-day step, from the cost ledger's lines. */
    private MetricSeries infrastructure(SeriesQuery q) {
        Instant from = q.from();
        Instant to = q.to();
        long step = q.step().toSeconds();
        if (step % DAY != 0 || !from.equals(from.truncatedTo(ChronoUnit.DAYS))) {
            throw new ValidationException("step", "infrastructure_cost is billed per UTC day: the step must be whole days "
                    + "and from the start of a day");
        }
        if (!from.isBefore(to)) throw new ValidationException("from", "from must be before to");
        long points = (Duration.between(from, to).toSeconds() + step - 1) / step;
        if (points > MAX_POINTS) throw new ValidationException("step", "at most " + MAX_POINTS + " steps; choose a larger step");
        int version = service.models().resolveForQuery(q.model(), q.version());
        Map<Instant, double[]> steps = new TreeMap<>();
        for (var l : billed(q.model(), q.version(), q.endpoint(), from, to)) {
            Instant day = l.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            Instant t = from.plusSeconds(Duration.between(from, day).toSeconds() / step * step);
            double[] acc = steps.computeIfAbsent(t, x -> new double[2]);
            acc[0] += l.amount();
            acc[1]++;
        }
        List<MetricSeries.Point> out = new ArrayList<>(steps.size());
        steps.forEach((t, a) -> out.add(new MetricSeries.Point(t, a[0], (long) a[1])));
        return new MetricSeries(q.model(), version, q.endpoint(), q.arm(), q.metric(), q.step(), out);
    }

    /** The ledger's provider lines of a model (one version, one endpoint when named) for the UTC days that begin in [from, to). */
    private List<org.aegisml.api.cost.CostLine> billed(String model, Integer version, String endpoint, Instant from, Instant to) {
        java.time.LocalDate day = java.time.LocalDate.ofInstant(from, java.time.ZoneOffset.UTC);
        // The first day that begins at or after from, and the day after the last that begins before to.
        java.time.LocalDate first = from.equals(from.truncatedTo(ChronoUnit.DAYS)) ? day : day.plusDays(1);
        java.time.LocalDate end = java.time.LocalDate.ofInstant(to.minusNanos(1), java.time.ZoneOffset.UTC).plusDays(1);
        if (!first.isBefore(end)) return List.of();
        return service.store().read(tx -> tx.providers().costs(first, end, null, model)).stream()
                .map(org.aegisml.api.store.ProviderRepository.SourcedLine::line)
                .filter(l -> version == null || version.equals(l.version()))
                .filter(l -> endpoint == null || endpoint.equals(l.endpoint()))
                .toList();
    }

    /** The coarsest stored resolution that both the step and the start line up with. */
    static char resolution(Instant from, long stepSeconds) {
        if (stepSeconds % 86_400 == 0 && from.equals(from.truncatedTo(ChronoUnit.DAYS))) return 'd';
        if (stepSeconds % 3_600 == 0 && from.equals(from.truncatedTo(ChronoUnit.HOURS))) return 'h';
        return 'm';
    }

    /** The value of a metric over an aggregate, or null where it is undefined (no latency, no labels). */
    static Double value(Metric m, Aggregate a) {
        return switch (m) {
            case COUNT -> (double) a.count;
            case ERRORS -> (double) a.errors;
            case ERROR_RATE -> a.count == 0 ? null : a.errors / (double) a.count;
            case LATENCY_P50 -> quantile(a, 0.50);
            case LATENCY_P95 -> quantile(a, 0.95);
            case LATENCY_P99 -> quantile(a, 0.99);
            case LATENCY_MEAN -> a.latency == null || a.latency.count() == 0 ? null : a.latency.sum() / a.latency.count();
            case TOKENS -> (double) (a.inputTokens + a.outputTokens);
            case INPUT_TOKENS -> (double) a.inputTokens;
            case OUTPUT_TOKENS -> (double) a.outputTokens;
            case COST -> a.cost;
            case LABELLED -> (double) a.labelled;
            case ACCURACY -> a.classLabelled == 0 ? null : a.correct / (double) a.classLabelled;
            case MAE -> a.numericLabelled == 0 ? null : a.absError / a.numericLabelled;
            case RMSE -> a.numericLabelled == 0 ? null : Math.sqrt(a.squaredError / a.numericLabelled);
            case INJECTION_RATE -> rate(a, "injection");
            case PII_RATE -> rate(a, "pii");
            case POLICY_VIOLATION_RATE -> rate(a, "policy");
            case HALLUCINATION_MEAN -> {
                Aggregate.SignalTally t = a.signals.get("hallucination");
                yield t == null || t.scored == 0 ? null : t.sum / t.scored;
            }
            case INFRASTRUCTURE_COST -> null; // billed per day by the providers, not in the summaries
        };
    }

    private static Double quantile(Aggregate a, double q) {
        return a.latency == null || a.latency.count() == 0 ? null : a.latency.quantile(q);
    }

    private static Double rate(Aggregate a, String signal) {
        Aggregate.SignalTally t = a.signals.get(signal);
        return t == null || t.scored == 0 ? null : t.flagged / (double) t.scored;
    }

    VersionSummary summary(String model, Integer version, String endpoint, Arm arm, Instant from, Instant to) {
        if (!from.isBefore(to)) throw new ValidationException("from", "from must be before to");
        int v = service.models().resolveForQuery(model, version);
        Aggregate all = window(model, v, endpoint, arm, from, to, true);
        Map<String, FeatureSummary> features = new LinkedHashMap<>();
        all.features.forEach((name, stats) -> features.put(name, feature(stats, all.count)));
        Object pred = all.outputs.get(MonitoringService.PREDICTION);
        VersionSummary.Latency latency = all.latency == null || all.latency.count() == 0 ? null
                : new VersionSummary.Latency(all.latency.count(), all.latency.sum() / all.latency.count(),
                        all.latency.quantile(0.5), all.latency.quantile(0.95), all.latency.quantile(0.99),
                        all.latency.min(), all.latency.max());
        VersionSummary.Quality quality = all.labelled == 0 ? null
                : new VersionSummary.Quality(all.labelled, value(Metric.ACCURACY, all), value(Metric.MAE, all),
                        value(Metric.RMSE, all));
        Aggregate.SignalTally h = all.signals.get("hallucination");
        VersionSummary.Signals signals = all.llmEvents == 0 ? null
                : new VersionSummary.Signals(all.llmEvents, flagged(all, "injection"), flagged(all, "pii"),
                        flagged(all, "policy"), h == null || h.scored == 0 ? 0 : h.sum / h.scored);
        return new VersionSummary(model, v, endpoint, arm, from, to, all.count, all.errors, latency,
                new VersionSummary.Tokens(all.inputTokens, all.outputTokens), all.cost, features,
                pred == null ? null : feature(pred, all.count), quality, signals);
    }

    java.util.OptionalDouble value(String model, Integer version, String endpoint, Arm arm, Metric metric, Instant from,
            Instant to) {
        if (metric == null) throw new ValidationException("metric", "metric is required");
        if (!from.isBefore(to)) throw new ValidationException("from", "from must be before to");
        int v = service.models().resolveForQuery(model, version);
        if (metric == Metric.INFRASTRUCTURE_COST) {
            double sum = 0;
            for (var l : billed(model, version, endpoint, from, to)) sum += l.amount();
            return java.util.OptionalDouble.of(sum);
        }
        Double x = value(metric, window(model, v, endpoint, arm, from, to, false));
        return x == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(x);
    }

    private static long flagged(Aggregate a, String signal) {
        Aggregate.SignalTally t = a.signals.get(signal);
        return t == null ? 0 : t.flagged;
    }

    /** The merged aggregate of a window, read at the coarsest resolutions that tile it. */
    Aggregate window(String model, int version, String endpoint, Arm arm, Instant from, Instant to, boolean features) {
        String armWire = arm == null ? null : arm.wire();
        var bins = service.bins(model);
        List<Segment> plan = plan(from, to);
        return service.store().read(tx -> {
            Aggregate all = new Aggregate();
            for (Segment s : plan) {
                for (SummaryRow r : tx.monitoring().summaries(s.resolution(), model, version, endpoint, armWire, s.from(),
                        s.to())) {
                    all.merge(Aggregate.decode(r.data(), features, bins));
                }
            }
            return all;
        });
    }

    /**
     * Tiles {@code [from, to)} (widened to whole minutes) with whole days, then whole hours,
     * then minutes at the edges.
     */
    static List<Segment> plan(Instant from, Instant to) {
        Instant a = from.truncatedTo(ChronoUnit.MINUTES);
        Instant b = to.truncatedTo(ChronoUnit.MINUTES);
        if (b.isBefore(to)) b = b.plus(1, ChronoUnit.MINUTES);
        List<Segment> out = new ArrayList<>();
        Instant d0 = ceil(a, ChronoUnit.DAYS), d1 = b.truncatedTo(ChronoUnit.DAYS);
        if (d0.isBefore(d1)) {
            out.add(new Segment('d', d0, d1));
            hours(a, d0, out);
            hours(d1, b, out);
        } else {
            hours(a, b, out);
        }
        return out;
    }

    private static void hours(Instant a, Instant b, List<Segment> out) {
        if (!a.isBefore(b)) return;
        Instant h0 = ceil(a, ChronoUnit.HOURS), h1 = b.truncatedTo(ChronoUnit.HOURS);
        if (h0.isBefore(h1)) {
            out.add(new Segment('h', h0, h1));
            if (a.isBefore(h0)) out.add(new Segment('m', a, h0));
            if (h1.isBefore(b)) out.add(new Segment('m', h1, b));
        } else {
            out.add(new Segment('m', a, b));
        }
    }

    private static Instant ceil(Instant t, ChronoUnit unit) {
        Instant f = t.truncatedTo(unit);
        return f.equals(t) ? t : f.plus(1, unit);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static FeatureSummary feature(Object stats, long events) {
        if (stats instanceof NumericStats n) {
            long[] counts = n.counts();
            double[] edges = n.bins().edges();
            List<Bin> hist = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                // The end bins reach to infinity, which JSON cannot carry: they end at the
                // extreme values actually seen.
                if (counts[i] > 0) {
                    hist.add(new Bin(Math.max(edges[i], n.min()), Math.min(edges[i + 1], n.max()), counts[i]));
                }
            }
            boolean any = n.count() > 0;
            return new FeatureSummary(FeatureKind.NUMERIC, n.count(), Math.max(0, events - n.count()),
                    any ? finite(n.mean()) : null, any ? finite(n.std()) : null, any ? n.min() : null, any ? n.max() : null, hist,
                    null);
        }
        CategoricalStats c = (CategoricalStats) stats;
        List<Frequency> top = new ArrayList<>();
        for (CategoricalStats.Count x : c.top(TOP)) top.add(new Frequency(x.category(), x.count()));
        return new FeatureSummary(FeatureKind.CATEGORICAL, c.count(), Math.max(0, events - c.count()), null, null, null,
                null, null, top);
    }
}
