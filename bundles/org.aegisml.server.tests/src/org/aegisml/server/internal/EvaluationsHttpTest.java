package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aegisml.testing.Http;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Evaluation runs, a regression test with its override, the tradeoff and bad input, over HTTP end to end. */
class EvaluationsHttpTest {
    static Http admin;
    static ModelServer good;
    static ModelServer bad;

    @BeforeAll
    static void start() throws Exception {
        admin = Fixtures.server();
        good = ModelServer.start("good").answer("{\"prediction\": 1, \"cost\": 0.002}");
        bad = ModelServer.start("bad").answer("{\"prediction\": 0, \"cost\": 0.001}");
    }

    @AfterAll
    static void stop() {
        good.close();
        bad.close();
    }

    private static String key(String role) {
        Http.Response r = admin.post("/api/v1/keys", "{\"name\":\"" + Fixtures.unique(role) + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("key").asText();
    }

    private static String backend(ModelServer s) {
        return "{\"type\":\"http-json\",\"url\":\"" + s.predictUrl() + "\",\"timeout\":\"5s\"}";
    }

    @Test
    void runCompareOverrideAndTradeoff() {
        String m = Fixtures.createModel(admin);
        assertEquals(201, Fixtures.uploadVersion(admin, m, new byte[] { 1 }).status());
        assertEquals(201, Fixtures.uploadVersion(admin, m, new byte[] { 2 }).status());
        String d = Fixtures.unique("golden");
        assertEquals(201, admin.post("/api/v1/datasets", "{\"name\":\"" + d + "\"}").status());
        StringBuilder csv = new StringBuilder("id,x,label\n");
        for (int i = 1; i <= 30; i++) csv.append(i).append(',').append(i).append(',').append(i <= 27 ? 1 : 0).append('\n');
        Http.Response up = admin.multipart("/api/v1/datasets/" + d + "/versions", List.of(Http.Part.file("file", "g.csv",
                csv.toString().getBytes(StandardCharsets.UTF_8))));
        assertEquals(201, up.status(), up.toString());

        Http.Response run = admin.post("/api/v1/evaluations", "{\"target\":\"models/" + m + "/1\",\"dataset\":\"datasets/" + d
                + "/1\",\"metrics\":[\"accuracy\",\"cost\"],\"backend\":" + backend(good) + "}");
        assertEquals(201, run.status(), run.toString());
        assertEquals(0.9, run.json().at("/metrics/0/value").asDouble(), 1e-9);
        assertEquals(2.0, run.json().get("cost_per_1k").asDouble(), 1e-9);
        String id = run.json().get("id").asText();
        JsonNode results = admin.get("/api/v1/evaluations/" + id + "/results?limit=5").json().get("items");
        assertEquals(5, results.size());
        assertEquals(1.0, results.get(0).at("/scores/accuracy/score").asDouble(), 1e-9);

        String requester = key("approver"), approver = key("approver");
        Http.Response reg = admin.as(requester).post("/api/v1/regressions", "{\"candidate\":\"models/" + m + "/2\",\"baseline\":\"models/"
                + m + "/1\",\"dataset\":\"datasets/" + d + "/1\",\"metrics\":[\"accuracy\"],\"candidate_backend\":"
                + backend(bad) + "}");
        assertEquals(201, reg.status(), reg.toString());
        assertEquals("fail", reg.json().get("verdict").asText(), reg.toString());
        assertTrue(reg.json().get("blocks_promotion").asBoolean());
        String rid = reg.json().get("id").asText();
        problem(admin.as(requester).post("/api/v1/regressions/" + rid + "/override", "{\"reason\":\"mine\"}"), 403, null);
        problem(admin.as(approver).post("/api/v1/regressions/" + rid + "/override", "{}"), 400, "reason");
        Http.Response o = admin.as(approver).post("/api/v1/regressions/" + rid + "/override", "{\"reason\":\"known label noise\"}");
        assertEquals(200, o.status(), o.toString());
        assertEquals("known label noise", o.json().at("/override/reason").asText());

        Http.Response t = admin.get("/api/v1/evaluations/tradeoff?model=" + m + "&dataset=" + d + "&metric=accuracy");
        assertEquals(200, t.status(), t.toString());
        assertEquals(2, t.json().get("points").size());
        // v1: accuracy 0.9 at 2.0 per 1k; v2: 0.1 at 1.0 per 1k: neither dominates the other.
        assertEquals(2, t.json().get("pareto").size(), t.toString());
        assertTrue(admin.get("/api/v1/audit?size=200").text().contains("evaluation.override"));
    }

    @Test
    void badInputIsAProblemWithTheField() {
        problem(admin.post("/api/v1/evaluations", "{\"target\":\"models/x/1\"}"), 400, "dataset");
        problem(admin.post("/api/v1/evaluations", "{\"target\":\"nonsense\",\"dataset\":\"datasets/d/1\"}"), 400, "target");
        problem(admin.post("/api/v1/feedback", "{\"event_id\":\"no-such-event\",\"score\":1}"), 404, "event_id");
        problem(admin.post("/api/v1/feedback", "{\"event_id\":\"e\",\"thumbs\":\"sideways\"}"), 400, "thumbs");
        problem(admin.get("/api/v1/evaluations/tradeoff?dataset=d&metric=accuracy"), 400, "model");
        problem(admin.get("/api/v1/regressions/nope"), 404, "id");
    }
}
