package org.aegisml.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Anomalies;
import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.ModelPrice;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Anomalies on metric series, spend per day and group with spikes, and the price table. */
class CostsAndAnomaliesTest {

    @BeforeAll
    static void start() throws Exception {
        MonitoringIntegrationTest.start();
    }

    static String event(String model, Instant ts, String extra) {
        return "{\"model_id\":\"" + model + "\",\"timestamp\":\"" + ts + "\"" + extra + "}\n";
    }

    @Test
    void aLatencySpikeIsTheOneAnomalyAndStoppedTrafficIsAnother() {
        String m = MonitoringIntegrationTest.model(1);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(50));
        Random rnd = new Random(11);
        StringBuilder b = new StringBuilder();
        for (int minute = 0; minute < 45; minute++) {
            if (minute == 40) continue; // no traffic at all in this minute
            for (int i = 0; i < 20; i++) {
                double latency = minute == 30 ? 900 + rnd.nextInt(100) : 90 + rnd.nextInt(20);
                b.append(event(m, start.plus(Duration.ofMinutes(minute)).plusSeconds(i * 2), ",\"latency_ms\":" + latency));
            }
        }
        assertEquals(44 * 20, MonitoringIntegrationTest.ndjson(b.toString()).accepted());
        Instant to = start.plus(Duration.ofMinutes(45));

        Anomalies latency = MonitoringIntegrationTest.monitoring.anomalies(new SeriesQuery(m, null, null, null,
                Metric.LATENCY_P95, start, to, Duration.ofMinutes(1)), 20, 3.5);
        assertEquals(List.of(start.plus(Duration.ofMinutes(30))), latency.anomalies().stream().map(Anomalies.Anomaly::time)
                .toList(), latency.anomalies()::toString);
        assertEquals("up", latency.anomalies().get(0).direction());
        assertTrue(latency.anomalies().get(0).median() < 150);
        assertEquals(44, latency.series().points().size(), "a minute without events has no latency point");

        Anomalies count = MonitoringIntegrationTest.monitoring.anomalies(new SeriesQuery(m, null, null, null,
                Metric.COUNT, start, to, Duration.ofMinutes(1)), 20, 3.5);
        assertEquals(List.of(start.plus(Duration.ofMinutes(40))), count.anomalies().stream().map(Anomalies.Anomaly::time)
                .toList(), "a step without events counts 0, so traffic stopping is flagged");
        assertEquals("down", count.anomalies().get(0).direction());

        assertThrows(ValidationException.class, () -> MonitoringIntegrationTest.monitoring.anomalies(new SeriesQuery(m,
                null, null, null, Metric.COUNT, start, to, Duration.ofMinutes(1)), 1, 3.5));
        assertThrows(ValidationException.class, () -> MonitoringIntegrationTest.monitoring.anomalies(new SeriesQuery(m,
                null, null, null, Metric.COUNT, start, to, Duration.ofMinutes(1)), 20, 0));
    }

    @Test
    void spendPerDayAndGroupWithASpike() {
        String m = MonitoringIntegrationTest.model(2);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        StringBuilder b = new StringBuilder();
        // Twenty days of steady spend on project p1 (10 events of 1.0 a day) and 0.5 a day on
        // p2 through version 2; then, two days ago, p1 spends 40.
        for (int d = 20; d >= 1; d--) {
            Instant day = today.minus(Duration.ofDays(d)).plus(Duration.ofHours(12));
            int events = d == 2 ? 40 : 10;
            for (int i = 0; i < events; i++) {
                b.append(event(m, day.plusSeconds(i), ",\"project_id\":\"p1\",\"cost\":1.0,\"input_tokens\":100"));
            }
            b.append(event(m, day, ",\"project_id\":\"p2\",\"model_version\":2,\"cost\":0.5,\"endpoint\":\"chat\""));
        }
        b.append(event(m, today.minus(Duration.ofDays(3)), ""));
        assertEquals(20 * 11 - 10 + 40 + 1, MonitoringIntegrationTest.ndjson(b.toString()).accepted());

        Instant from = today.minus(Duration.ofDays(5)), to = today;
        CostReport byProject = MonitoringIntegrationTest.monitoring.costs(new CostQuery(from, to, CostQuery.GroupBy.PROJECT, m, null));
        assertEquals(from, byProject.from());
        assertEquals(5 * 10 - 10 + 40 + 5 * 0.5, byProject.total(), 1e-9);
        assertEquals(List.of("p1", "p2", "unassigned"), byProject.days().stream().map(CostReport.Day::key).distinct().sorted()
                .toList());
        CostReport.Day spike = byProject.days().stream()
                .filter(x -> x.key().equals("p1") && x.day().equals(today.minus(Duration.ofDays(2)))).findFirst().orElseThrow();
        assertEquals(40, spike.cost(), 1e-9);
        assertEquals(4000, spike.inputTokens());
        assertEquals(40, spike.events());
        assertEquals(1, byProject.spikes().size(), byProject.spikes()::toString);
        assertEquals("p1", byProject.spikes().get(0).key());
        assertEquals(today.minus(Duration.ofDays(2)), byProject.spikes().get(0).day());
        assertEquals(10, byProject.spikes().get(0).median(), 1e-9);

        CostReport byVersion = MonitoringIntegrationTest.monitoring.costs(new CostQuery(from, to, CostQuery.GroupBy.VERSION, m, "p2"));
        assertEquals(List.of(m + ":2"), byVersion.days().stream().map(CostReport.Day::key).distinct().toList());
        assertEquals(2.5, byVersion.total(), 1e-9);
        assertTrue(byVersion.spikes().isEmpty(), "steady spend has no spike");
        CostReport byEndpoint = MonitoringIntegrationTest.monitoring.costs(new CostQuery(from, to, CostQuery.GroupBy.ENDPOINT, m, null));
        assertEquals(List.of(m + "/chat", m + "/default"), byEndpoint.days().stream().map(CostReport.Day::key).distinct()
                .sorted().toList());

        assertThrows(ValidationException.class, () -> MonitoringIntegrationTest.monitoring.costs(new CostQuery(to, from,
                CostQuery.GroupBy.MODEL, null, null)));
        assertThrows(ValidationException.class, () -> MonitoringIntegrationTest.monitoring.costs(new CostQuery(
                to.minus(Duration.ofDays(500)), to, CostQuery.GroupBy.MODEL, null, null)));
        assertThrows(NotFoundException.class, () -> MonitoringIntegrationTest.monitoring.costs(new CostQuery(from, to,
                CostQuery.GroupBy.MODEL, "ghost-" + m, null)));
    }

    @Test
    void thePriceTablePricesEventsWithoutACost() {
        String m = MonitoringIntegrationTest.model(1);
        var monitoring = MonitoringIntegrationTest.monitoring;
        ModelPrice p = monitoring.setPrice(m, 3.0, 15.0, null, MonitoringIntegrationTest.OPERATOR);
        assertEquals("USD", p.currency());
        assertEquals("olga", p.updatedBy());
        assertTrue(monitoring.prices().contains(p));
        Instant now = Instant.now();
        assertEquals(2, MonitoringIntegrationTest.ndjson(event(m, now.minusSeconds(5),
                ",\"input\":\"hi\",\"output\":\"hello\",\"input_tokens\":1000,\"output_tokens\":200")
                + event(m, now.minusSeconds(4), ",\"input_tokens\":10,\"cost\":0.25")).accepted());
        // 1000 x 3 / 1e6 + 200 x 15 / 1e6 = 0.006, plus the event's own 0.25.
        assertEquals(0.256, MonitoringIntegrationTest.lastHour(m).cost(), 1e-12);

        assertThrows(ValidationException.class, () -> monitoring.setPrice(m, -1, 1, "USD", MonitoringIntegrationTest.OPERATOR));
        assertThrows(ValidationException.class, () -> monitoring.setPrice(m, Double.NaN, 1, "USD", MonitoringIntegrationTest.OPERATOR));
        assertThrows(ValidationException.class, () -> monitoring.setPrice(m, 1, 1, "dollars", MonitoringIntegrationTest.OPERATOR));
        assertThrows(NotFoundException.class, () -> monitoring.setPrice("ghost-" + m, 1, 1, "USD", MonitoringIntegrationTest.OPERATOR));
        assertThrows(ForbiddenException.class, () -> monitoring.setPrice(m, 1, 1, "USD", new Actor("v", "vic", Role.VIEWER)));
        assertEquals(p, monitoring.prices().stream().filter(x -> x.model().equals(m)).findFirst().orElseThrow(),
                "a refused change leaves the price as it was");

        assertTrue(monitoring.deletePrice(m, MonitoringIntegrationTest.OPERATOR));
        assertTrue(!monitoring.deletePrice(m, MonitoringIntegrationTest.OPERATOR));
        assertEquals(1, MonitoringIntegrationTest.ndjson(event(m, now.minusSeconds(3), ",\"input_tokens\":1000")).accepted());
        assertEquals(0.256, MonitoringIntegrationTest.lastHour(m).cost(), 1e-12, "no price, no cost");
    }
}
