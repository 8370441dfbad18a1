package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.PageRequest;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditVerification;
import org.aegisml.api.monitoring.Baseline;
import org.aegisml.api.monitoring.BaselineSpec;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftSettings;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Drift baselines, settings and reports, and the audit log, through the client. */
class DriftAndAuditTest {
    static Connection admin;

    @BeforeAll
    static void start() throws Exception {
        admin = Fixtures.connect();
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    static void events(String m, Instant from, double shift, long seed) {
        Random rnd = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(new Event(null, null, m, null, null, from.plusSeconds(i), null, false, null, null, null, null,
                    Map.of("score", rnd.nextGaussian() + shift), null, null, null, null, null, null, null, null));
        }
        assertEquals(300, admin.service(Monitoring.class).ingest(events).accepted());
    }

    @Test
    void aWindowBaselineThenAReportAndSettings() throws Exception {
        DriftAnalysis drift = admin.service(DriftAnalysis.class);
        String m = Fixtures.model(1);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertEquals("baseline", assertThrows(NotFoundException.class, () -> drift.drift(new DriftQuery(m, null, null, null,
                null, null))).field());
        events(m, now.minus(Duration.ofMinutes(170)), 0, 1);
        events(m, now.minus(Duration.ofMinutes(30)), 1.5, 2);

        Instant from = now.minus(Duration.ofHours(3)), to = now.minus(Duration.ofHours(2));
        Baseline set = drift.setBaseline(m, 1, BaselineSpec.window(from, to), null);
        assertEquals(Baseline.Source.WINDOW, set.source());
        assertEquals(300, set.rows());
        assertEquals(from, set.from());
        assertEquals(set, drift.baseline(m, 1).orElseThrow());

        DriftReport r = drift.drift(new DriftQuery(m, 1, null, null, now.minus(Duration.ofHours(1)), now));
        JsonNode j = Fixtures.get("/api/v1/drift?model=" + m + "&version=1&from=" + now.minus(Duration.ofHours(1)) + "&to=" + now);
        assertEquals(DriftStatus.ALERT, r.status());
        assertEquals(j.get("current_count").asLong(), r.currentCount());
        assertEquals(300, r.baselineCount());
        assertEquals(Baseline.Source.WINDOW, r.baseline().source());
        assertEquals(from, r.baseline().from());
        DriftReport.FeatureDrift score = r.features().stream().filter(f -> f.feature().equals("score")).findFirst().orElseThrow();
        DriftReport.MethodResult psi = score.methods().stream().filter(x -> x.method().equals("psi")).findFirst().orElseThrow();
        assertTrue(psi.score() > 0.25, psi.toString());
        assertTrue(Double.isNaN(psi.pValue()), "a distance has no p-value: null on the wire, NaN again here");
        assertEquals(DriftThreshold.Direction.SCORE_ABOVE, psi.threshold().direction());
        assertEquals(j.get("features").size(), r.features().size());

        DriftSettings saved = drift.saveSettings(new DriftSettings(m, Map.of("psi", new DriftThreshold(50, 90,
                DriftThreshold.Direction.SCORE_ABOVE)), List.of("psi"), 0.07, 0.2, 30), null);
        assertEquals(90, saved.thresholds().get("psi").alert());
        assertEquals(0.07, saved.performanceWarn());
        assertEquals(30, saved.minSamples());
        assertEquals(saved, drift.settings(m));
        assertEquals(DriftStatus.OK, drift.drift(new DriftQuery(m, 1, null, null, now.minus(Duration.ofHours(1)), now)).status());
        assertEquals("deciding_methods", assertThrows(ValidationException.class, () -> drift.saveSettings(new DriftSettings(m,
                null, List.of("astrology"), 0.05, 0.1, 50), null)).field());

        assertTrue(drift.deleteBaseline(m, 1, null));
        assertFalse(drift.deleteBaseline(m, 1, null), "nothing left to delete");
        assertTrue(drift.baseline(m, 1).isEmpty());
        assertThrows(NotFoundException.class, () -> drift.baseline("ghost-" + m, 1));
    }

    @Test
    void theAuditLogReadsAsTheServerWritesIt() throws Exception {
        AuditLog audit = admin.service(AuditLog.class);
        String m = Fixtures.model(1);
        var page = audit.list(new AuditQuery(null, "model.create", "models/" + m, null, null, new PageRequest(1, 5)));
        JsonNode j = Fixtures.get("/api/v1/audit?action=model.create&target=models/" + m + "&size=5");
        assertEquals(1, page.total());
        assertEquals(j.get("total").asLong(), page.total());
        assertEquals(5, page.size());
        AuditEntry e = page.items().get(0);
        JsonNode je = j.get("items").get(0);
        assertEquals(je.get("seq").asLong(), e.seq());
        assertEquals(Instant.parse(je.get("at").asText()), e.at());
        assertEquals(je.get("actor").asText(), e.actor());
        assertEquals(je.get("hash").asText(), e.hash());
        assertEquals(je.get("prev_hash").asText(), e.prevHash());
        assertEquals(je.get("after").asText(), e.after());
        assertEquals("models/" + m, e.target());

        var all = audit.list(null);
        assertTrue(all.total() > 1);
        assertTrue(all.items().get(0).seq() > all.items().get(all.items().size() - 1).seq(), "newest first");
        AuditVerification v = audit.verify();
        assertTrue(v.valid(), String.valueOf(v.reason()));
        assertTrue(v.entriesChecked() >= all.total(), v.toString());
        assertEquals(0, audit.list(new AuditQuery(null, null, "models/" + m, Instant.now().plusSeconds(3600), null, null))
                .total(), "nothing after now");
    }
}
