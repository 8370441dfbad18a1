package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Anomalies;
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
import org.aegisml.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Ingest, labels, summaries, series, costs and prices through the client. */
class MonitoringTest {
    static Connection admin;
    static Monitoring monitoring;

    @BeforeAll
    static void start() throws Exception {
        admin = Fixtures.connect();
        monitoring = admin.service(Monitoring.class);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    static Event event(String id, String model, Instant at, double latency, boolean error, Object yPred) {
        return new Event(id, "p1", model, null, null, at, latency, error, null, yPred, null, null,
                Map.of("x", 1.5, "tier", "gold"), null, "hello", "hi there", null, null, 10L, 20L, null);
    }

    @Test
    void eventsAndLabelsGoInAndTheSummariesSayWhatTheServerSays() throws Exception {
        String m = Fixtures.model(1);
        ModelPrice price = monitoring.setPrice(m, 1.0, 2.0, "EUR", null);
        assertEquals(new ModelPrice(m, 1.0, 2.0, "EUR", price.updatedAt(), price.updatedBy()), price);
        assertTrue(monitoring.prices().contains(price));

        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2)).plusSeconds(5);
        List<Event> events = List.of(event(m + "-1", m, t, 100, false, "yes"), event(m + "-2", m, t, 200, true, "no"),
                event(m + "-3", m, t, 300, false, "yes"), event(m + "-4", m, t, 400, false, "yes"),
                event(null, "ghost-" + m, t, 1, false, null));
        IngestReport report = monitoring.ingest(events);
        assertEquals(5, report.received());
        assertEquals(4, report.accepted());
        assertEquals(1, report.rejected().size());
        assertEquals(5, report.rejected().get(0).line());
        assertEquals(4, monitoring.ingest(events.subList(0, 4)).duplicates(), "the same ids again are duplicates");

        Instant from = t.minus(Duration.ofMinutes(10)), to = Instant.now().plusSeconds(60);
        VersionSummary s = monitoring.summary(m, null, null, null, from, to);
        JsonNode js = Fixtures.get("/api/v1/metrics/summary?model=" + m + "&from=" + from + "&to=" + to);
        assertEquals(4, s.count());
        assertEquals(js.get("errors").asLong(), s.errors());
        assertEquals(js.at("/latency/p95").asDouble(), s.latency().p95());
        assertEquals(new VersionSummary.Tokens(40, 80), s.tokens());
        assertEquals(js.get("cost").asDouble(), s.cost());
        assertTrue(s.cost() > 0, "priced from the price set before the events arrived");
        assertEquals(js.at("/features/x/mean").asDouble(), s.features().get("x").mean());
        assertEquals(1, s.version());

        MetricSeries series = monitoring.series(new SeriesQuery(m, null, null, null, Metric.COUNT, from, to,
                Duration.ofMinutes(1)));
        JsonNode jseries = Fixtures.get("/api/v1/metrics/series?model=" + m + "&metric=count&step=1m&from=" + from + "&to=" + to);
        assertEquals(jseries.get("points").size(), series.points().size());
        assertEquals(4, series.points().stream().mapToDouble(MetricSeries.Point::value).sum());
        assertEquals(Duration.ofMinutes(1), series.step());
        assertEquals(Metric.COUNT, series.metric());

        assertEquals(4.0, monitoring.value(m, null, null, null, Metric.COUNT, from, to).orElseThrow());
        assertEquals(0.25, monitoring.value(m, 1, null, null, Metric.ERROR_RATE, from, to).orElseThrow(), 1e-9);
        assertEquals(s.latency().p50(), monitoring.value(m, null, null, null, Metric.LATENCY_P50, from, to).orElseThrow(), 1e-9);
        assertFalse(monitoring.value(m, null, null, null, Metric.ACCURACY, from, to).isPresent(), "no labels yet");
        Instant before = from.minus(Duration.ofHours(2));
        assertEquals(0.0, monitoring.value(m, null, null, null, Metric.COUNT, before, before.plusSeconds(90)).orElseThrow(),
                "no events counts 0");
        assertFalse(monitoring.value(m, null, null, null, Metric.LATENCY_P50, before, before.plusSeconds(90)).isPresent());

        LabelReport labels = monitoring.label(List.of(new Label(m + "-1", "yes"), new Label(m + "-2", "yes"),
                new Label("nope-" + m, "yes")));
        assertEquals(3, labels.received());
        assertEquals(2, labels.applied());
        assertEquals(3, labels.rejected().get(0).line());
        assertEquals(0.5, monitoring.value(m, null, null, null, Metric.ACCURACY, from, to).orElseThrow(), 1e-9);
        LabelReport json = monitoring.labelJson(new ByteArrayInputStream(("{\"event_id\":\"" + m + "-3\",\"y_true\":\"yes\"}")
                .getBytes(StandardCharsets.UTF_8)), false);
        assertEquals(1, json.applied());

        Anomalies a = monitoring.anomalies(new SeriesQuery(m, null, null, null, Metric.COUNT, from, to, Duration.ofMinutes(1)),
                5, 3.5);
        assertEquals(5, a.window());
        assertEquals(3.5, a.threshold());
        assertEquals(series.points(), a.series().points());

        CostReport costs = monitoring.costs(new CostQuery(from.minus(Duration.ofDays(1)), to, CostQuery.GroupBy.MODEL, m, null));
        JsonNode jc = Fixtures.get("/api/v1/costs?model=" + m + "&group_by=model&from=" + from.minus(Duration.ofDays(1)) + "&to="
                + to);
        assertEquals(CostQuery.GroupBy.MODEL, costs.groupBy());
        assertEquals(jc.get("total").asDouble(), costs.total());
        assertEquals(s.cost(), costs.total(), 1e-12);
        assertEquals(m, costs.days().get(0).key());

        // The cost ledger (token and provider spend side by side) reads back what the server reports.
        java.time.LocalDate day = java.time.LocalDate.ofInstant(from, java.time.ZoneOffset.UTC);
        var q = new org.aegisml.api.cost.LedgerQuery(day.minusDays(1), day.plusDays(2),
                org.aegisml.api.cost.LedgerQuery.GroupBy.VERSION, null, m);
        var remote = admin.service(org.aegisml.api.cost.CostLedger.class).report(q);
        var local = org.aegisml.testing.TestRuntime.service(org.aegisml.api.cost.CostLedger.class, "(!(aegisml.remote=*))")
                .report(q);
        assertEquals(local, remote);
        assertEquals(s.cost(), remote.tokens(), 1e-12);
        var sync = admin.service(org.aegisml.api.cost.CostLedger.class).sync(day, day.plusDays(1));
        assertEquals(day, sync.from());

        assertTrue(monitoring.deletePrice(m, null));
        assertFalse(monitoring.deletePrice(m, null), "no price left to delete");
        assertTrue(monitoring.prices().stream().noneMatch(p -> p.model().equals(m)));
    }

    @Test
    void badEventsAndUnknownModelsAreTheServicesExceptions() throws Exception {
        String m = Fixtures.model(1);
        IngestReport one = monitoring.ingestJson(new ByteArrayInputStream(("{\"model_id\":\"" + m + "\",\"latency_ms\":5}")
                .getBytes(StandardCharsets.UTF_8)), false);
        assertEquals(1, one.accepted());
        IngestReport batch = monitoring.ingestJson(new ByteArrayInputStream(("{\"model_id\":\"" + m + "\"}\n{\"model_id\":1}\n")
                .getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(2, batch.received());
        assertEquals(1, batch.accepted());
        assertEquals(2, batch.rejected().get(0).line());
        assertEquals("y_proba", assertThrows(ValidationException.class, () -> monitoring.ingestJson(new ByteArrayInputStream(
                ("{\"model_id\":\"" + m + "\",\"y_proba\":1.5}").getBytes(StandardCharsets.UTF_8)), false)).field());
        assertEquals("model_id", assertThrows(ValidationException.class, () -> monitoring.ingestJson(new ByteArrayInputStream(
                "{\"model_id\":\"ghost\"}".getBytes(StandardCharsets.UTF_8)), false)).field());
        assertThrows(NotFoundException.class, () -> monitoring.summary("ghost-" + m, null, null, null, null, null));
        assertEquals("metric", assertThrows(ValidationException.class, () -> monitoring.series(new SeriesQuery(m, null, null,
                null, null, null, null, null))).field());
        assertEquals("step", assertThrows(ValidationException.class, () -> monitoring.series(new SeriesQuery(m, null, null,
                null, Metric.COUNT, null, null, Duration.ofSeconds(90)))).field());
        assertEquals("currency", assertThrows(ValidationException.class, () -> monitoring.setPrice(m, 1, 1, "euros", null))
                .field());
        assertThrows(UnsupportedOperationException.class, () -> monitoring.exposition(new StringBuilder()));
    }
}
