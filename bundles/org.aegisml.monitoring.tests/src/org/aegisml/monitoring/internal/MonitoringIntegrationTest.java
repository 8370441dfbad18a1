package org.aegisml.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.Label;
import org.aegisml.api.monitoring.LabelReport;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.MetricSeries;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ingest, summaries and queries as Declarative Services wires them, on the test database. */
class MonitoringIntegrationTest {
    static final Actor OPERATOR = new Actor("k1", "olga", Role.OPERATOR);
    static Registry registry;
    static Monitoring monitoring;

    @BeforeAll
    static void start() throws Exception {
        TestRuntime.ensureStore();
        registry = TestRuntime.service(Registry.class);
        monitoring = TestRuntime.service(Monitoring.class);
    }

    static String model(int versions) {
        String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
        registry.create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of()), OPERATOR);
        for (int i = 0; i < versions; i++) {
            registry.addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("d", "sklearn", "pickle",
                    Map.of(), Map.of(), Map.of(), List.of()), "model.pkl", "application/octet-stream",
                    new ByteArrayInputStream(new byte[] { (byte) i })), OPERATOR);
        }
        return name;
    }

    static IngestReport ndjson(String body) {
        return monitoring.ingestJson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), true);
    }

    static VersionSummary lastHour(String model) {
        Instant now = Instant.now();
        return monitoring.summary(model, null, null, null, now.minus(Duration.ofHours(1)), now.plusSeconds(60));
    }

    static long rawEvents(String model) throws Exception {
        try (Connection c = TestRuntime.rawConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM monitoring_event WHERE model = ?")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void resentEventsAreNotCountedTwice() throws Exception {
        String m = model(1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            b.append("{\"event_id\":\"id-").append(m).append('-').append(i).append("\",\"model_id\":\"").append(m)
                    .append("\",\"latency_ms\":").append(10 + i).append(",\"features\":{\"x\":").append(i).append("}}\n");
        }
        IngestReport first = ndjson(b.toString());
        assertEquals(50, first.accepted());
        assertEquals(0, first.duplicates());
        // Again, plus one new event and one repeated inside the batch.
        String again = b + "{\"event_id\":\"id-" + m + "-new\",\"model_id\":\"" + m + "\"}\n"
                + "{\"event_id\":\"id-" + m + "-new\",\"model_id\":\"" + m + "\"}\n";
        IngestReport second = ndjson(again);
        assertEquals(1, second.accepted());
        assertEquals(51, second.duplicates());
        VersionSummary s = lastHour(m);
        assertEquals(51, s.count());
        assertEquals(50, s.features().get("x").count());
        assertEquals(1, s.features().get("x").missing());
        assertEquals(24.5, s.features().get("x").mean(), 1e-9);
        assertEquals(51, rawEvents(m), "summaries equal the durable events");
    }

    @Test
    void aBadLineNeverRejectsItsNeighbours() throws Exception {
        String m = model(1);
        String future = Instant.now().plus(Duration.ofDays(2)).toString();
        String body = String.join("\n",
                "{\"model_id\":\"" + m + "\",\"features\":{\"age\":30,\"plan\":\"gold\"}}",
                "{\"model_id\":\"" + m + "\",\"features\":{\"age\":\"thirty\"}}",
                "{\"model_id\":\"no-such-model\"}",
                "{\"model_id\":\"" + m + "\",\"latency_ms\":NaN}",
                "{\"model_id\":\"" + m + "\",\"latency_ms\":\"12\"}",
                "{\"model_id\":\"" + m + "\",\"timestamp\":\"" + future + "\"}",
                "{\"model_id\":\"" + m + "\",\"latency_ms\":-1}",
                "{\"model_id\":\"" + m + "\",\"model_version\":7}",
                "{\"model_id\":\"" + m + "\",\"colour\":\"red\"}",
                "",
                "{\"model_id\":\"" + m + "\",\"latency_ms\":1e999}",
                "{\"model_id\":\"" + m + "\",\"features\":{\"age\":41,\"plan\":\"silver\"}}");
        IngestReport r = ndjson(body);
        assertEquals(11, r.received());
        assertEquals(2, r.accepted());
        List<Integer> lines = r.rejected().stream().map(IngestReport.Rejection::line).toList();
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 11), lines);
        assertTrue(r.rejected().get(0).reason().contains("features.age"), r.rejected().get(0).reason());
        assertTrue(r.rejected().get(1).reason().contains("unknown model"), r.rejected().get(1).reason());
        assertTrue(r.rejected().get(2).reason().contains("not valid JSON"), r.rejected().get(2).reason());
        assertTrue(r.rejected().get(3).reason().contains("latency_ms must be a number"), r.rejected().get(3).reason());
        assertTrue(r.rejected().get(4).reason().contains("future"), r.rejected().get(4).reason());
        assertTrue(r.rejected().get(6).reason().contains("no version 7"), r.rejected().get(6).reason());
        assertTrue(r.rejected().get(7).reason().contains("unknown field 'colour'"), r.rejected().get(7).reason());
        assertTrue(r.rejected().get(8).reason().contains("finite"), r.rejected().get(8).reason());
        VersionSummary s = lastHour(m);
        assertEquals(2, s.count());
        assertEquals(35.5, s.features().get("age").mean(), 1e-9);
        assertEquals(2, rawEvents(m));
    }

    @Test
    void aSingleBadEventIsAnErrorNamingTheField() {
        String m = model(1);
        ValidationException e = assertThrows(ValidationException.class, () -> monitoring.ingestJson(
                new ByteArrayInputStream(("{\"model_id\":\"" + m + "\",\"arm\":\"blue\"}").getBytes()), false));
        assertEquals("arm", e.field());
    }

    @Test
    void latencyQuantilesStayWithinTheSketchBound() {
        String m = model(1);
        Random rnd = new Random(7);
        int n = 20_000;
        double[] exact = new double[n];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double v = Math.exp(3 + rnd.nextGaussian() * 0.8);
            exact[i] = v;
            b.append("{\"model_id\":\"").append(m).append("\",\"latency_ms\":").append(v).append("}\n");
            if ((i + 1) % 5_000 == 0) {
                assertEquals(5_000, ndjson(b.toString()).accepted());
                b.setLength(0);
            }
        }
        Arrays.sort(exact);
        VersionSummary.Latency l = lastHour(m).latency();
        assertEquals(n, l.count());
        double[] qs = { 0.5, 0.95, 0.99 };
        double[] got = { l.p50(), l.p95(), l.p99() };
        for (int i = 0; i < qs.length; i++) {
            double want = exact[(int) Math.floor(qs[i] * (n - 1))];
            assertTrue(Math.abs(got[i] - want) <= 0.01 * want + 1e-9, "p" + qs[i] + ": " + got[i] + " vs exact " + want);
        }
        MetricSeries p99 = monitoring.series(new SeriesQuery(m, null, null, null, Metric.LATENCY_P99,
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60), Duration.ofHours(1)));
        long total = p99.points().stream().mapToLong(MetricSeries.Point::count).sum();
        assertEquals(n, total);
    }

    @Test
    void eventsWithoutAVersionGoToProductionElseLatest() throws Exception {
        String m = model(2);
        assertEquals(1, ndjson("{\"model_id\":\"" + m + "\"}").accepted());
        registry.setAlias(AssetType.MODEL, m, "production", 1, "test", OPERATOR);
        Thread.sleep(Models.TTL_NANOS / 1_000_000 + 100);
        assertEquals(2, ndjson("{\"model_id\":\"" + m + "\"}\n{\"model_id\":\"" + m + "\"}").accepted());
        Instant from = Instant.now().minus(Duration.ofHours(1)), to = Instant.now().plusSeconds(60);
        assertEquals(1, monitoring.summary(m, 2, null, null, from, to).count());
        assertEquals(2, monitoring.summary(m, 1, null, null, from, to).count());
        assertEquals(1, monitoring.summary(m, null, null, null, from, to).version(), "no version: production");
    }

    @Test
    void summariesRollUpIntoHoursAndDays() {
        String m = model(1);
        Instant now = Instant.now();
        StringBuilder b = new StringBuilder();
        int n = 0;
        // Events over the last 3 days, every 37 minutes, on two endpoints and both arms.
        for (Instant t = now.minus(Duration.ofDays(3)); t.isBefore(now); t = t.plus(Duration.ofMinutes(37))) {
            boolean err = n % 5 == 0;
            b.append("{\"model_id\":\"").append(m).append("\",\"timestamp\":\"").append(t).append("\",\"endpoint\":\"")
                    .append(n % 2 == 0 ? "eu" : "us").append("\",\"arm\":\"").append(n % 3 == 0 ? "canary" : "stable")
                    .append("\",\"status\":\"").append(err ? "error" : "ok").append("\",\"input_tokens\":10,\"output_tokens\":5")
                    .append(",\"cost\":0.5,\"latency_ms\":").append(5 + n % 50).append("}\n");
            n++;
        }
        assertEquals(n, ndjson(b.toString()).accepted());
        Instant from = now.minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.DAYS);
        Instant to = now.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
        for (Duration step : List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1))) {
            if (step.toMinutes() == 1) continue; // 7,200 minute steps would pass too, but slowly
            MetricSeries s = monitoring.series(new SeriesQuery(m, null, null, null, Metric.COUNT, from, to, step));
            assertEquals(n, s.points().stream().mapToDouble(MetricSeries.Point::value).sum(), 1e-9, "step " + step);
            MetricSeries errors = monitoring.series(new SeriesQuery(m, null, null, null, Metric.ERRORS, from, to, step));
            assertEquals((n + 4) / 5, errors.points().stream().mapToDouble(MetricSeries.Point::value).sum(), 1e-9);
        }
        // A window with ragged edges: stitched from days, hours and minutes.
        Instant wFrom = now.minus(Duration.ofHours(50)).plusSeconds(17), wTo = now.minus(Duration.ofMinutes(3));
        long expected = 0;
        int i = 0;
        for (Instant t = now.minus(Duration.ofDays(3)); t.isBefore(now); t = t.plus(Duration.ofMinutes(37)), i++) {
            Instant minute = t.truncatedTo(ChronoUnit.MINUTES);
            if (!minute.isBefore(wFrom.truncatedTo(ChronoUnit.MINUTES)) && minute.isBefore(ceilMinute(wTo))) expected++;
        }
        VersionSummary w = monitoring.summary(m, null, null, null, wFrom, wTo);
        assertEquals(expected, w.count());
        assertEquals(expected * 15, w.tokens().input() + w.tokens().output());
        assertEquals(expected * 0.5, w.cost(), 1e-6);
        VersionSummary eu = monitoring.summary(m, null, "eu", Arm.CANARY, from, to);
        long euCanary = 0;
        for (int k = 0; k < n; k++) if (k % 2 == 0 && k % 3 == 0) euCanary++;
        assertEquals(euCanary, eu.count());
    }

    private static Instant ceilMinute(Instant t) {
        Instant f = t.truncatedTo(ChronoUnit.MINUTES);
        return f.equals(t) ? t : f.plus(1, ChronoUnit.MINUTES);
    }

    @Test
    void labelsArriveLateAndFeedQuality() {
        String m = model(1);
        StringBuilder b = new StringBuilder();
        String[] preds = { "yes", "no", "yes", "no" };
        for (int i = 0; i < preds.length; i++) {
            b.append("{\"event_id\":\"").append(m).append("-l").append(i).append("\",\"model_id\":\"").append(m)
                    .append("\",\"y_pred\":\"").append(preds[i]).append("\"}\n");
        }
        assertEquals(4, ndjson(b.toString()).accepted());
        LabelReport r = monitoring.label(List.of(new Label(m + "-l0", "yes"), new Label(m + "-l1", "yes"),
                new Label(m + "-l2", "yes"), new Label("nope", "yes")));
        assertEquals(3, r.applied());
        assertEquals(1, r.rejected().size());
        assertEquals(4, r.rejected().get(0).line());
        LabelReport again = monitoring.label(List.of(new Label(m + "-l0", "no")));
        assertEquals(0, again.applied());
        assertTrue(again.rejected().get(0).reason().contains("already labelled"));
        VersionSummary.Quality q = lastHour(m).quality();
        assertNotNull(q);
        assertEquals(3, q.labelled());
        assertEquals(2.0 / 3, q.accuracy(), 1e-9);
        assertNull(q.mae());
    }

    @Test
    void regressionLabelsGiveErrors() {
        String m = model(1);
        assertEquals(2, ndjson("{\"event_id\":\"" + m + "-r1\",\"model_id\":\"" + m + "\",\"y_pred\":2.5}\n"
                + "{\"event_id\":\"" + m + "-r2\",\"model_id\":\"" + m + "\",\"y_pred\":1.0}").accepted());
        monitoring.label(List.of(new Label(m + "-r1", 3.5), new Label(m + "-r2", 4.0)));
        VersionSummary.Quality q = lastHour(m).quality();
        assertEquals(2.0, q.mae(), 1e-9);
        assertEquals(Math.sqrt((1 + 9) / 2.0), q.rmse(), 1e-9);
        List<Double> errs = new ArrayList<>();
        monitoring.series(new SeriesQuery(m, null, null, null, Metric.MAE, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plusSeconds(60), Duration.ofMinutes(5))).points().forEach(p -> errs.add(p.value()));
        assertEquals(List.of(2.0), errs);
    }
}
