package org.aegisml.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Anomalies;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.Label;
import org.aegisml.api.monitoring.LabelReport;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.MetricSeries;
import org.aegisml.api.monitoring.ModelPrice;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.api.security.Actor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Monitoring} over {@code /api/v1/events}, {@code /labels}, {@code /metrics/*},
 * {@code /costs} and {@code /prices}. Events and labels travel as the server's NDJSON event
 * contract ({@code model_id}, {@code status}...). {@link #value} has no endpoint of its own and
 * is read as a series of one step spanning the window, which the server computes from the same
 * summaries with the same arithmetic. The {@code Actor} arguments are ignored: the server knows
 * the caller from the connection's key. {@link #exposition} describes the server's own process
 * and is not offered (its {@code /metrics} serves it).
 */
final class RestMonitoring implements Monitoring {
    static final String NDJSON = "application/x-ndjson";
    private final RestClient http;

    RestMonitoring(RestClient http) {
        this.http = http;
    }

    @Override
    public IngestReport ingest(List<Event> events) {
        List<ObjectNode> lines = new ArrayList<>(events.size());
        for (Event e : events) lines.add(MonitoringWire.event(e));
        return Wire.read(http.json("POST", "/api/v1/events", BodyPublishers.ofByteArray(ndjson(lines)), NDJSON),
                IngestReport.class);
    }

    @Override
    public IngestReport ingestJson(InputStream body, boolean batch) {
        return Wire.read(http.json("POST", "/api/v1/events", BodyPublishers.ofInputStream(() -> body),
                batch ? NDJSON : RestClient.JSON), IngestReport.class);
    }

    @Override
    public LabelReport label(List<Label> labels) {
        List<ObjectNode> lines = new ArrayList<>(labels.size());
        for (Label l : labels) {
            ObjectNode n = Wire.object();
            n.put("event_id", l.eventId());
            n.set("y_true", Wire.tree(l.yTrue()));
            lines.add(n);
        }
        return Wire.read(http.json("POST", "/api/v1/labels", BodyPublishers.ofByteArray(ndjson(lines)), NDJSON),
                LabelReport.class);
    }

    @Override
    public LabelReport labelJson(InputStream body, boolean batch) {
        return Wire.read(http.json("POST", "/api/v1/labels", BodyPublishers.ofInputStream(() -> body),
                batch ? NDJSON : RestClient.JSON), LabelReport.class);
    }

    @Override
    public MetricSeries series(SeriesQuery q) {
        return MonitoringWire.series(http.get(seriesQuery(q).on("/api/v1/metrics/series")));
    }

    @Override
    public VersionSummary summary(String model, Integer version, String endpoint, Arm arm, Instant from, Instant to) {
        Query q = Query.of().add("model", model).add("version", version).add("endpoint", endpoint)
                .add("arm", arm == null ? null : arm.wire()).add("from", from).add("to", to);
        return Wire.read(http.get(q.on("/api/v1/metrics/summary")), VersionSummary.class);
    }

    /**
     * One step of whole minutes from {@code from} (truncated to its minute, as the server does)
     * to {@code to}: the server sums exactly the minutes the window covers. No point means no
     * events: 0 for a counting metric, undefined for the others.
     */
    @Override
    public OptionalDouble value(String model, Integer version, String endpoint, Arm arm, Metric metric, Instant from,
            Instant to) {
        if (metric == null) throw new ValidationException("metric", "metric is required");
        if (from == null || to == null || !from.isBefore(to)) throw new ValidationException("from", "from must be before to");
        long seconds = Duration.between(from.truncatedTo(ChronoUnit.MINUTES), to).toSeconds();
        Duration step = Duration.ofMinutes(Math.max(1, (seconds + 59) / 60));
        MetricSeries s = series(new SeriesQuery(model, version, endpoint, arm, metric, from, to, step));
        if (!s.points().isEmpty()) return OptionalDouble.of(s.points().get(0).value());
        return metric.counts() ? OptionalDouble.of(0) : OptionalDouble.empty();
    }

    @Override
    public Anomalies anomalies(SeriesQuery q, int window, double threshold) {
        JsonNode n = http.get(seriesQuery(q).add("window", window).add("threshold", threshold).on("/api/v1/metrics/anomalies"));
        return new Anomalies(MonitoringWire.series(n), n.path("window").asInt(), n.path("threshold").asDouble(),
                Wire.read(n.get("anomalies"), new TypeReference<List<Anomalies.Anomaly>>() {
                }));
    }

    @Override
    public CostReport costs(CostQuery q) {
        Query params = Query.of().add("from", q.from()).add("to", q.to())
                .add("group_by", q.groupBy() == null ? null : q.groupBy().name().toLowerCase(java.util.Locale.ROOT))
                .add("model", q.model()).add("project", q.project());
        return Wire.read(http.get(params.on("/api/v1/costs")), CostReport.class);
    }

    @Override
    public List<ModelPrice> prices() {
        return Wire.items(http.get("/api/v1/prices"), ModelPrice.class);
    }

    @Override
    public ModelPrice setPrice(String model, double inputPerMillion, double outputPerMillion, String currency, Actor actor) {
        ObjectNode body = Wire.object();
        body.put("input_per_million", inputPerMillion);
        body.put("output_per_million", outputPerMillion);
        body.put("currency", currency);
        return Wire.read(http.send("PUT", pricePath(model), body), ModelPrice.class);
    }

    /** The server answers a model without a price with a 404, where the service answers false. */
    @Override
    public boolean deletePrice(String model, Actor actor) {
        return Remote.optional(() -> http.delete(pricePath(model)), "model").isPresent();
    }

    @Override
    public void exposition(StringBuilder out) {
        throw Remote.serverOnly("Monitoring.exposition (what the server process ingested; see its /metrics)");
    }

    private static String pricePath(String model) {
        return "/api/v1/prices/" + RestClient.seg("model", model);
    }

    private static Query seriesQuery(SeriesQuery q) {
        if (q == null) throw new ValidationException("query", "a query is required");
        return Query.of().add("model", q.model()).add("version", q.version()).add("endpoint", q.endpoint())
                .add("arm", q.arm() == null ? null : q.arm().wire()).add("metric", q.metric() == null ? null : q.metric().wire())
                .add("from", q.from()).add("to", q.to()).add("step", Wire.duration(q.step()));
    }

    private static byte[] ndjson(List<ObjectNode> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ObjectNode n : lines) {
                out.write(Wire.MAPPER.writeValueAsBytes(n));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new ValidationException(null, "cannot write the batch as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "RestMonitoring[" + http.server() + "]";
    }
}
