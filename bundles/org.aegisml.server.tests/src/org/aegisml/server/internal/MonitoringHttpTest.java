package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Event ingest, labels, series, summaries and Prometheus over HTTP, the way a client calls them. */
class MonitoringHttpTest {
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = Fixtures.server();
    }

    static String modelWithVersion() {
        String m = Fixtures.createModel(http);
        assertEquals(201, Fixtures.uploadVersion(http, m, new byte[] { 1 }).status());
        return m;
    }

    static Http.Response ndjson(String path, String body) {
        return http.send("POST", path, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBatchIsReportedLineByLineAndQueryable() {
        String m = modelWithVersion();
        String body = "{\"event_id\":\"" + m + "-1\",\"model_id\":\"" + m + "\",\"latency_ms\":120,\"input\":\"hi\","
                + "\"output\":\"hello\",\"input_tokens\":12,\"output_tokens\":30,\"y_pred\":\"yes\"}\n"
                + "{\"model_id\":\"" + m + "\",\"latency_ms\":\"fast\"}\n"
                + "{\"event_id\":\"" + m + "-2\",\"model_id\":\"" + m + "\",\"latency_ms\":80,\"status\":\"error\"}\n";
        Http.Response r = ndjson("/api/v1/events", body);
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(3, j.get("received").asInt());
        assertEquals(2, j.get("accepted").asInt());
        assertEquals(2, j.get("rejected").get(0).get("line").asInt());
        assertTrue(j.get("rejected").get(0).get("reason").asText().contains("latency_ms"));

        Http.Response again = ndjson("/api/v1/events", body);
        assertEquals(0, again.json().get("accepted").asInt());
        assertEquals(2, again.json().get("duplicates").asInt());

        JsonNode s = http.get("/api/v1/metrics/summary?model=" + m).json();
        assertEquals(2, s.get("count").asInt());
        assertEquals(1, s.get("errors").asInt());
        assertEquals(42, s.get("tokens").get("input").asInt() + s.get("tokens").get("output").asInt());
        JsonNode rate = http.get("/api/v1/metrics/series?model=" + m + "&metric=error_rate&step=5m").json();
        assertEquals(0.5, rate.get("points").get(0).get("value").asDouble(), 1e-9);

        Http.Response label = http.post("/api/v1/labels", "{\"event_id\":\"" + m + "-1\",\"y_true\":\"yes\"}");
        assertEquals(200, label.status(), label.toString());
        JsonNode acc = http.get("/api/v1/metrics/series?model=" + m + "&metric=accuracy").json();
        assertEquals(1.0, acc.get("points").get(0).get("value").asDouble(), 1e-9);

        String metrics = http.get("/metrics").text();
        assertTrue(metrics.contains("llm_requests_total{model=\"" + m + "\",version=\"1\",endpoint=\"default\",arm=\"stable\",status=\"ok\"} 1"),
                metrics);
        assertTrue(metrics.contains("llm_tokens_total{model=\"" + m + "\",version=\"1\",endpoint=\"default\",arm=\"stable\",type=\"output\"} 30"));
        assertTrue(metrics.contains("llm_request_latency_seconds_count{model=\"" + m + "\""));
    }

    @Test
    void badRequestsAreProblems() {
        String m = modelWithVersion();
        Http.Response single = http.post("/api/v1/events", "{\"model_id\":\"" + m + "\",\"y_proba\":1.5}");
        assertEquals(400, single.status());
        assertEquals("application/problem+json", single.header("content-type"));
        assertEquals("y_proba", single.json().get("field").asText());

        Http.Response unknown = http.post("/api/v1/events", "{\"model_id\":\"ghost\"}");
        assertEquals(400, unknown.status());
        assertEquals("model_id", unknown.json().get("field").asText());

        Http.Response type = http.send("POST", "/api/v1/events", "text/csv", "a,b".getBytes());
        assertEquals(415, type.status());

        assertEquals(400, http.get("/api/v1/metrics/series?model=" + m + "&metric=bogus").status());
        assertEquals(400, http.get("/api/v1/metrics/series?model=" + m + "&metric=count&step=5x").status());
        assertEquals(404, http.get("/api/v1/metrics/series?model=ghost&metric=count").status());
        assertEquals(400, http.get("/api/v1/metrics/summary").status());

        Http.Response viewer = http.get("/api/v1/metrics/summary?model=" + m);
        assertEquals(0, viewer.json().get("count").asInt(), "nothing of the refused events was kept");
    }
}
