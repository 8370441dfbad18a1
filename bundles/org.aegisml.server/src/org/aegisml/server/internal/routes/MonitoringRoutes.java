package org.aegisml.server.internal.routes;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Anomalies;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.LabelReport;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.MetricSeries;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.HttpError;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;
import org.eclipse.jetty.io.Content;

/** Event and label ingest, metric series and window summaries. */
public final class MonitoringRoutes {
    static final String NDJSON = "application/x-ndjson";
    private final Monitoring monitoring;

    public MonitoringRoutes(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    public void register(Router router) {
        router.add(new Route("POST", "/api/v1/events", Role.OPERATOR, this::events));
        router.add(new Route("POST", "/api/v1/labels", Role.OPERATOR, this::labels));
        router.add(new Route("GET", "/api/v1/metrics/series", Role.VIEWER, this::series));
        router.add(new Route("GET", "/api/v1/metrics/summary", Role.VIEWER, this::summary));
        router.add(new Route("GET", "/api/v1/metrics/anomalies", Role.VIEWER, this::anomalies));
        router.add(new Route("GET", "/api/v1/costs", Role.VIEWER, this::costs));
        router.add(new Route("GET", "/api/v1/prices", Role.VIEWER, r -> Reply.ok(Map.of("items", monitoring.prices()))));
        router.add(new Route("GET", "/api/v1/prices/{model}", Role.VIEWER, this::price));
        router.add(new Route("PUT", "/api/v1/prices/{model}", Role.OPERATOR, this::setPrice));
        router.add(new Route("DELETE", "/api/v1/prices/{model}", Role.OPERATOR, this::deletePrice));
    }

    /** True for NDJSON (a batch), false for one JSON object; 415 for anything else. */
    private static boolean batch(ApiRequest r) {
        String type = r.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith(NDJSON) || type.startsWith("application/jsonl")) return true;
        if (type.startsWith("application/json")) return false;
        throw new HttpError(415, null, "send one event as application/json or a batch as " + NDJSON + " (got "
                + (type.isEmpty() ? "no content type" : type) + ")");
    }

    private Reply events(ApiRequest r) throws Exception {
        boolean batch = batch(r);
        IngestReport report;
        try (InputStream in = Content.Source.asInputStream(r.jetty())) {
            report = monitoring.ingestJson(in, batch);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", report.received());
        body.put("accepted", report.accepted());
        body.put("duplicates", report.duplicates());
        body.put("rejected", report.rejected().stream().map(MonitoringRoutes::rejection).toList());
        return Reply.ok(body);
    }

    private static Map<String, Object> rejection(IngestReport.Rejection x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", x.line());
        if (x.eventId() != null) m.put("event_id", x.eventId());
        m.put("reason", x.reason());
        return m;
    }

    private Reply labels(ApiRequest r) throws Exception {
        boolean batch = batch(r);
        LabelReport report;
        try (InputStream in = Content.Source.asInputStream(r.jetty())) {
            report = monitoring.labelJson(in, batch);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", report.received());
        body.put("applied", report.applied());
        body.put("rejected", report.rejected().stream().map(MonitoringRoutes::rejection).toList());
        return Reply.ok(body);
    }

    private SeriesQuery seriesQuery(ApiRequest r) {
        String model = required(r, "model");
        String m = required(r, "metric");
        Metric metric = Metric.parse(m);
        if (metric == null) {
            throw new ValidationException("metric", "unknown metric '" + m + "'; one of "
                    + String.join(", ", java.util.Arrays.stream(Metric.values()).map(Metric::wire).toList()));
        }
        Instant to = instant(r, "to", Instant.now());
        Instant from = instant(r, "from", to.minus(Duration.ofHours(1)));
        return new SeriesQuery(model, version(r), r.query("endpoint"), arm(r), metric, from, to, step(r));
    }

    private Reply series(ApiRequest r) {
        SeriesQuery q = seriesQuery(r);
        return Reply.ok(view(monitoring.series(q), q));
    }

    private static Map<String, Object> view(MetricSeries s, SeriesQuery q) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", s.model());
        body.put("version", s.version());
        body.put("endpoint", s.endpoint());
        body.put("arm", s.arm() == null ? null : s.arm().wire());
        body.put("metric", s.metric().wire());
        body.put("step_seconds", s.step().toSeconds());
        body.put("from", q.from().toString());
        body.put("to", q.to().toString());
        List<Map<String, Object>> points = s.points().stream().map(p -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("time", p.time().toString());
            x.put("value", p.value());
            x.put("count", p.count());
            return x;
        }).toList();
        body.put("points", points);
        return body;
    }

    private Reply anomalies(ApiRequest r) {
        SeriesQuery q = seriesQuery(r);
        int window = r.queryInt("window", 30, 2, 1000);
        double threshold = 3.5;
        String t = r.query("threshold");
        if (t != null && !t.isBlank()) {
            try {
                threshold = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new ValidationException("threshold", "threshold must be a number");
            }
        }
        Anomalies a = monitoring.anomalies(q, window, threshold);
        Map<String, Object> body = view(a.series(), q);
        body.put("window", a.window());
        body.put("threshold", a.threshold());
        body.put("anomalies", a.anomalies());
        return Reply.ok(body);
    }

    private Reply costs(ApiRequest r) {
        Instant to = instant(r, "to", Instant.now());
        Instant from = instant(r, "from", to.minus(Duration.ofDays(30)));
        String g = r.query("group_by");
        CostQuery.GroupBy groupBy = CostQuery.GroupBy.MODEL;
        if (g != null && !g.isBlank()) {
            try {
                groupBy = CostQuery.GroupBy.valueOf(g.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("group_by", "group_by must be one of model, version, endpoint, project");
            }
        }
        String model = r.query("model"), project = r.query("project");
        return Reply.ok(monitoring.costs(new CostQuery(from, to, groupBy, model == null || model.isBlank() ? null : model,
                project == null || project.isBlank() ? null : project)));
    }

    private Reply price(ApiRequest r) {
        String model = r.path("model");
        return Reply.ok(monitoring.prices().stream().filter(p -> p.model().equals(model)).findFirst().orElseThrow(
                () -> new org.aegisml.api.NotFoundException("model", "model '" + model + "' has no price")));
    }

    record PriceBody(Double inputPerMillion, Double outputPerMillion, String currency) {
    }

    private Reply setPrice(ApiRequest r) throws Exception {
        PriceBody b = r.json(PriceBody.class);
        if (b == null || b.inputPerMillion() == null) {
            throw new ValidationException("input_per_million", "input_per_million is required");
        }
        if (b.outputPerMillion() == null) throw new ValidationException("output_per_million", "output_per_million is required");
        return Reply.ok(monitoring.setPrice(r.path("model"), b.inputPerMillion(), b.outputPerMillion(), b.currency(),
                r.actor()));
    }

    private Reply deletePrice(ApiRequest r) {
        String model = r.path("model");
        if (!monitoring.deletePrice(model, r.actor())) {
            throw new org.aegisml.api.NotFoundException("model", "model '" + model + "' has no price");
        }
        return Reply.ok(Map.of("model", model, "deleted", true));
    }

    private Reply summary(ApiRequest r) {
        String model = required(r, "model");
        Instant to = instant(r, "to", Instant.now());
        Instant from = instant(r, "from", to.minus(Duration.ofHours(1)));
        return Reply.ok(monitoring.summary(model, version(r), r.query("endpoint"), arm(r), from, to));
    }

    static String required(ApiRequest r, String name) {
        String v = r.query(name);
        if (v == null || v.isBlank()) throw new ValidationException(name, name + " is required");
        return v;
    }

    static Integer version(ApiRequest r) {
        String v = r.query("version");
        if (v == null || v.isBlank()) return null;
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ValidationException("version", "version must be a positive integer");
        }
    }

    static Arm arm(ApiRequest r) {
        String v = r.query("arm");
        if (v == null || v.isBlank()) return null;
        try {
            return Arm.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("arm", "arm must be one of stable, canary, shadow, a, b");
        }
    }

    static Instant instant(ApiRequest r, String name, Instant dflt) {
        String v = r.query(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ValidationException(name, name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    /** {@code 60}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5M}; default one minute. */
    static Duration step(ApiRequest r) {
        return duration(r, "step", Duration.ofMinutes(1));
    }

    /** A duration query parameter: {@code 60}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601. */
    static Duration duration(ApiRequest r, String name, Duration dflt) {
        String v = r.query(name);
        return v == null || v.isBlank() ? dflt : AlertRoutes.duration(name, v);
    }
}
