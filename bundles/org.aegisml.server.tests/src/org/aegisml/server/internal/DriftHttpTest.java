package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Baselines, settings and drift reports over HTTP, the way a client calls them. */
class DriftHttpTest {
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = Fixtures.server();
    }

    static void events(String m, Instant from, double shift, long seed) {
        Random rnd = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            b.append("{\"model_id\":\"").append(m).append("\",\"timestamp\":\"").append(from.plusSeconds(i))
                    .append("\",\"features\":{\"score\":").append(rnd.nextGaussian() + shift).append(",\"tier\":\"")
                    .append(rnd.nextBoolean() ? "a" : "b").append("\"}}\n");
        }
        Http.Response r = http.send("POST", "/api/v1/events", "application/x-ndjson", b.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(500, r.json().get("accepted").asInt(), r.toString());
    }

    @Test
    void aWindowBaselineThenAReport() {
        String m = MonitoringHttpTest.modelWithVersion();
        Instant now = Instant.now();
        problem(http.get("/api/v1/drift?model=" + m), 404, "baseline");

        events(m, now.minus(Duration.ofMinutes(170)), 0, 1);
        events(m, now.minus(Duration.ofMinutes(30)), 1.5, 2);
        String from = now.minus(Duration.ofHours(3)).toString(), to = now.minus(Duration.ofHours(2)).toString();
        Http.Response set = http.put("/api/v1/drift/baselines/" + m + "/1", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
        assertEquals(200, set.status(), set.toString());
        assertEquals("window", set.json().get("source").asText());
        assertEquals(500, set.json().get("rows").asInt());
        assertEquals(set.json(), http.get("/api/v1/drift/baselines/" + m + "/1").json());

        Http.Response r = http.get("/api/v1/drift?model=" + m + "&window=1h");
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals("alert", j.get("status").asText());
        assertEquals(500, j.get("baseline_count").asInt());
        assertEquals(500, j.get("current_count").asInt());
        JsonNode score = null, tier = null;
        for (JsonNode f : j.get("features")) {
            if (f.get("feature").asText().equals("score")) score = f;
            if (f.get("feature").asText().equals("tier")) tier = f;
        }
        assertEquals("alert", score.get("status").asText());
        assertEquals("ok", tier.get("status").asText());
        for (JsonNode x : score.get("methods")) {
            if (x.get("method").asText().equals("psi")) {
                assertTrue(x.get("score").asDouble() > 0.25);
                assertTrue(x.get("p_value").isNull(), "a distance has no p-value: null, not NaN");
                assertEquals("score_above", x.get("threshold").get("direction").asText());
            }
        }
        assertTrue(score.get("bins").size() > 2);
        assertTrue(score.get("bins").get(0).has("lower"));

        Http.Response settings = http.put("/api/v1/drift/settings/" + m, "{\"thresholds\":{\"psi\":{\"warn\":50,\"alert\":90}}}");
        assertEquals(200, settings.status(), settings.toString());
        assertEquals(0.05, settings.json().get("performance_warn").asDouble());
        assertEquals("ok", http.get("/api/v1/drift?model=" + m + "&window=1h").json().get("status").asText());
        assertEquals(90, http.get("/api/v1/drift/settings/" + m).json().get("thresholds").get("psi").get("alert").asDouble());

        assertEquals(200, http.delete("/api/v1/drift/baselines/" + m + "/1").status());
        problem(http.get("/api/v1/drift/baselines/" + m + "/1"), 404, "baseline");
        problem(http.delete("/api/v1/drift/baselines/" + m + "/1"), 404, "baseline");
    }

    @Test
    void badDriftRequestsAreProblems() {
        String m = MonitoringHttpTest.modelWithVersion();
        problem(http.get("/api/v1/drift"), 400, "model");
        problem(http.get("/api/v1/drift?model=" + m + "&window=soon"), 400, "window");
        problem(http.get("/api/v1/drift?model=" + m + "&window=-5m"), 400, "window");
        problem(http.get("/api/v1/drift?model=ghost"), 404, "model");
        problem(http.put("/api/v1/drift/baselines/" + m + "/1", "{\"dataset\":\"d\",\"from\":\"2026-01-01T00:00:00Z\"}"),
                400, "baseline");
        problem(http.put("/api/v1/drift/baselines/" + m + "/1", "{\"colour\":\"red\"}"), 400, null);
        problem(http.put("/api/v1/drift/baselines/" + m + "/1", "{\"dataset\":\"no-such-dataset\"}"), 404, "dataset");
        problem(http.put("/api/v1/drift/settings/" + m, "{\"thresholds\":{\"psi\":{\"warn\":0.3,\"alert\":0.1}}}"), 400,
                "thresholds.psi");
        problem(http.put("/api/v1/drift/settings/" + m, "{\"deciding_methods\":[\"astrology\"]}"), 400, "deciding_methods");
        problem(http.put("/api/v1/drift/settings/" + m, "{\"min_samples\":0}"), 400, "min_samples");
    }
}
