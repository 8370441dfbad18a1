package org.aegisml.monitoring.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what this process ingested, for Prometheus: monotonic since start, per model,
 * version, endpoint and arm (Prometheus copes with resets and sums replicas itself). The
 * durable summaries stay the source of truth for the API.
 */
final class LiveMetrics {
    /** Prometheus histogram bounds for request latency, in seconds. */
    static final double[] BOUNDS = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 };

    private record Key(String model, int version, String endpoint, String arm) {
    }

    private static final class Series {
        final LongAdder events = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder llm = new LongAdder();
        final LongAdder llmErrors = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final Latency all = new Latency();
        final Latency llmLatency = new Latency();
        final Map<String, LongAdder> flagged = new ConcurrentHashMap<>();

    }

    private static final class Latency {
        final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        Latency() {
            for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
        }

        void add(double seconds) {
            int i = 0;
            while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
            buckets[i].increment();
            sum.add(seconds);
            count.increment();
        }

        String lines(String name, Key k) {
            if (count.sum() == 0) return "";
            StringBuilder x = new StringBuilder();
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += buckets[i].sum();
                x.append(line(name + "_bucket", labels(k, "le", fmt(BOUNDS[i])), cumulative));
            }
            cumulative += buckets[BOUNDS.length].sum();
            x.append(line(name + "_bucket", labels(k, "le", "+Inf"), cumulative));
            x.append(line(name + "_sum", labels(k), sum.sum()));
            x.append(line(name + "_count", labels(k), count.sum()));
            return x.toString();
        }
    }

    private final ConcurrentHashMap<Key, Series> series = new ConcurrentHashMap<>();

    void record(Iterable<MonitoringService.Accepted> events) {
        for (MonitoringService.Accepted a : events) {
            Series s = series.computeIfAbsent(new Key(a.model(), a.version(), a.endpoint(), a.arm().wire()),
                    k -> new Series());
            var e = a.event();
            s.events.increment();
            if (e.error()) s.errors.increment();
            if (e.isLlm()) {
                s.llm.increment();
                if (e.error()) s.llmErrors.increment();
            }
            if (e.inputTokens() != null) s.inputTokens.add(e.inputTokens());
            if (e.outputTokens() != null) s.outputTokens.add(e.outputTokens());
            if (a.cost() != null) s.cost.add(a.cost());
            if (e.latencyMs() != null) {
                s.all.add(e.latencyMs() / 1000.0);
                if (e.isLlm()) s.llmLatency.add(e.latencyMs() / 1000.0);
            }
            a.signals().forEach((name, score) -> {
                if (score.score() >= MonitoringService.FLAG_AT) {
                    s.flagged.computeIfAbsent(name, k -> new LongAdder()).increment();
                }
            });
        }
    }

    /** The text exposition format 0.0.4. */
    void writeTo(StringBuilder out) {
        Map<Key, Series> sorted = new TreeMap<>((a, b) -> {
            int c = a.model().compareTo(b.model());
            if (c == 0) c = Integer.compare(a.version(), b.version());
            if (c == 0) c = a.endpoint().compareTo(b.endpoint());
            return c == 0 ? a.arm().compareTo(b.arm()) : c;
        });
        sorted.putAll(series);
        if (sorted.isEmpty()) return;
        family(out, "aegisml_inference_events_total", "counter", "Inference events ingested", sorted,
                (k, s) -> line("aegisml_inference_events_total", labels(k, "status", "ok"),
                        s.events.sum() - s.errors.sum())
                        + line("aegisml_inference_events_total", labels(k, "status", "error"), s.errors.sum()));
        family(out, "aegisml_inference_cost_total", "counter", "Cost of ingested inferences (price table currency)",
                sorted, (k, s) -> line("aegisml_inference_cost_total", labels(k), s.cost.sum()));
        family(out, "llm_requests_total", "counter", "LLM calls ingested", sorted, (k, s) -> s.llm.sum() == 0 ? ""
                : line("llm_requests_total", labels(k, "status", "ok"), s.llm.sum() - s.llmErrors.sum())
                        + line("llm_requests_total", labels(k, "status", "error"), s.llmErrors.sum()));
        family(out, "llm_tokens_total", "counter", "LLM tokens ingested", sorted,
                (k, s) -> s.inputTokens.sum() + s.outputTokens.sum() == 0 ? ""
                        : line("llm_tokens_total", labels(k, "type", "input"), s.inputTokens.sum())
                                + line("llm_tokens_total", labels(k, "type", "output"), s.outputTokens.sum()));
        family(out, "llm_flagged_total", "counter", "LLM calls flagged by a safety signal", sorted, (k, s) -> {
            StringBuilder x = new StringBuilder();
            new TreeMap<>(s.flagged).forEach((name, n) -> x.append(line("llm_flagged_total",
                    labels(k, "signal", name), n.sum())));
            return x.toString();
        });
        family(out, "aegisml_inference_latency_seconds", "histogram", "Latency of ingested inferences", sorted,
                (k, s) -> s.all.lines("aegisml_inference_latency_seconds", k));
        family(out, "llm_request_latency_seconds", "histogram", "Latency of ingested LLM calls", sorted,
                (k, s) -> s.llmLatency.lines("llm_request_latency_seconds", k));
    }

    private interface Lines {
        String of(Key k, Series s);
    }

    private static void family(StringBuilder out, String name, String type, String help, Map<Key, Series> all, Lines lines) {
        StringBuilder body = new StringBuilder();
        all.forEach((k, s) -> body.append(lines.of(k, s)));
        if (body.isEmpty()) return;
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(body);
    }

    private static String labels(Key k, String... extra) {
        StringBuilder b = new StringBuilder("{model=\"").append(escape(k.model())).append("\",version=\"")
                .append(k.version()).append("\",endpoint=\"").append(escape(k.endpoint())).append("\",arm=\"")
                .append(k.arm()).append('"');
        for (int i = 0; i < extra.length; i += 2) {
            b.append(',').append(extra[i]).append("=\"").append(escape(extra[i + 1])).append('"');
        }
        return b.append('}').toString();
    }

    private static String line(String name, String labels, double value) {
        return name + labels + ' ' + fmt(value) + '\n';
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
