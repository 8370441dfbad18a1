package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The price table, spend per day and metric anomalies over HTTP. */
class CostsHttpTest {
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = Fixtures.server();
    }

    @Test
    void pricesAreAuditedAndPriceEvents() {
        String m = MonitoringHttpTest.modelWithVersion();
        problem(http.get("/api/v1/prices/" + m), 404, "model");
        long audit = Fixtures.auditEntries(http);
        Http.Response set = http.put("/api/v1/prices/" + m, "{\"input_per_million\":2.5,\"output_per_million\":10,\"currency\":\"EUR\"}");
        assertEquals(200, set.status(), set.toString());
        assertEquals("EUR", set.json().get("currency").asText());
        assertEquals(audit + 1, Fixtures.auditEntries(http), "the change is in the audit log");
        assertEquals(10.0, http.get("/api/v1/prices/" + m).json().get("output_per_million").asDouble());
        boolean listed = false;
        for (JsonNode p : http.get("/api/v1/prices").json().get("items")) listed |= p.get("model").asText().equals(m);
        assertTrue(listed);

        String body = "{\"model_id\":\"" + m + "\",\"project_id\":\"search\",\"timestamp\":\"" + Instant.now().minusSeconds(30)
                + "\",\"input_tokens\":4000,\"output_tokens\":1000}\n";
        assertEquals(1, http.send("POST", "/api/v1/events", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8))
                .json().get("accepted").asInt());
        JsonNode costs = http.get("/api/v1/costs?group_by=project&model=" + m).json();
        assertEquals(0.02, costs.get("total").asDouble(), 1e-12);
        assertEquals("search", costs.get("days").get(0).get("key").asText());
        assertEquals(4000, costs.get("days").get(0).get("input_tokens").asInt());

        problem(http.put("/api/v1/prices/" + m, "{\"input_per_million\":-1,\"output_per_million\":1}"), 400, "input_per_million");
        problem(http.put("/api/v1/prices/" + m, "{\"output_per_million\":1}"), 400, "input_per_million");
        problem(http.put("/api/v1/prices/" + m, "{\"input_per_million\":1,\"output_per_million\":1,\"currency\":\"euro\"}"), 400,
                "currency");
        problem(http.put("/api/v1/prices/ghost-" + m, "{\"input_per_million\":1,\"output_per_million\":1}"), 404, "model");
        problem(http.get("/api/v1/costs?group_by=planet"), 400, "group_by");
        assertEquals(200, http.delete("/api/v1/prices/" + m).status());
        problem(http.delete("/api/v1/prices/" + m), 404, "model");
    }

    @Test
    void anomaliesComeWithTheirSeries() {
        String m = MonitoringHttpTest.modelWithVersion();
        Http.Response r = http.get("/api/v1/metrics/anomalies?model=" + m + "&metric=count&step=1m&window=10");
        assertEquals(200, r.status(), r.toString());
        assertEquals(10, r.json().get("window").asInt());
        assertEquals(0, r.json().get("anomalies").size());
        problem(http.get("/api/v1/metrics/anomalies?model=" + m + "&metric=count&window=1"), 400, "window");
        problem(http.get("/api/v1/metrics/anomalies?model=" + m + "&metric=count&threshold=high"), 400, "threshold");
    }
}
