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
import org.aegisml.api.monitoring.Arm;
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

    private Reply series(ApiRequest r) {
        String model = required(r, "model");
        String m = required(r, "metric");
        Metric metric = Metric.parse(m);
        if (metric == null) {
            throw new ValidationException("metric", "unknown metric '" + m + "'; one of "
                    + String.join(", ", java.util.Arrays.stream(Metric.values()).map(Metric::wire).toList()));
        }
        Instant to = instant(r, "to", Instant.now());
        Instant from = instant(r, "from", to.minus(Duration.ofHours(1)));
        MetricSeries s = monitoring.series(new SeriesQuery(model, version(r), r.query("endpoint"), arm(r), metric, from, to,
                step(r)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", s.model());
        body.put("version", s.version());
        body.put("endpoint", s.endpoint());
        body.put("arm", s.arm() == null ? null : s.arm().wire());
        body.put("metric", s.metric().wire());
        body.put("step_seconds", s.step().toSeconds());
        body.put("from", from.toString());
        body.put("to", to.toString());
        List<Map<String, Object>> points = s.points().stream().map(p -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("time", p.time().toString());
            x.put("value", p.value());
            x.put("count", p.count());
            return x;
        }).toList();
        body.put("points", points);
        return Reply.ok(body);
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
        if (v == null || v.isBlank()) return dflt;
        v = v.strip();
        try {
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) return Duration.ofSeconds(Long.parseLong(v));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (Character.toLowerCase(unit)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ValidationException(name, name + " must look like 60s, 5m, 1h, 1d or PT5M, not '" + v + "'");
        }
    }
}
