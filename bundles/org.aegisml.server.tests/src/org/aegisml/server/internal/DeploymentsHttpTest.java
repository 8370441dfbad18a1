package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegisml.testing.Http;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Deployments, rollouts and approvals over HTTP, the way a client and two people drive them. */
class DeploymentsHttpTest {
    static Http admin;
    static ModelServer server;

    @BeforeAll
    static void start() throws Exception {
        admin = Fixtures.server();
        server = ModelServer.start("http-test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String key(String role) {
        Http.Response r = admin.post("/api/v1/keys", "{\"name\":\"" + Fixtures.unique(role) + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("key").asText();
    }

    private static String model() {
        String m = Fixtures.createModel(admin);
        assertEquals(201, Fixtures.uploadVersion(admin, m, new byte[] { 1 }).status());
        assertEquals(201, Fixtures.uploadVersion(admin, m, new byte[] { 2 }).status());
        return m;
    }

    private static String target(String version, String url) {
        return "{\"version\":\"" + version + "\",\"backend\":{\"type\":\"http-json\",\"url\":\"" + url
                + "\",\"timeout\":\"2s\",\"options\":{\"header.Authorization\":\"Bearer s3cret\"}}}";
    }

    @Test
    void aDeploymentIsCreatedShownWithSecretsMaskedAndBadInputIsRefused() {
        String m = model();
        Http.Response created = admin.post("/api/v1/deployments", "{\"name\":\"" + m + "\",\"project\":\"p1\",\"stable\":"
                + target("models/" + m + "/1", server.predictUrl()) + "}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("/api/v1/deployments/" + m, created.header("Location"));
        assertEquals("models/" + m + "/1", created.json().at("/stable/version").asText());
        assertEquals("models/" + m + "/1", created.json().at("/stable/model").asText());
        assertEquals("****", created.json().at("/stable/backend/options/header.Authorization").asText());
        assertFalse(admin.get("/api/v1/deployments/" + m).text().contains("s3cret"));
        assertEquals(0, admin.get("/api/v1/deployments/" + m).json().at("/routing/candidate_weight").asInt());
        assertTrue(admin.get("/api/v1/deployments").text().contains("\"" + m + "\""));

        problem(admin.post("/api/v1/deployments", "{\"name\":\"" + m + "\",\"stable\":" + target("models/" + m + "/1",
                server.predictUrl()) + "}"), 409, "name");
        problem(admin.post("/api/v1/deployments", "{\"name\":\"" + Fixtures.unique("d") + "\",\"stable\":"
                + target("models/" + m + "/9", server.predictUrl()) + "}"), 400, "stable.version");
        problem(admin.post("/api/v1/deployments", "{\"name\":\"" + Fixtures.unique("d") + "\",\"stable\":"
                + target("models/" + m + "/1", server.predictUrl()).replace("http-json", "carrier-pigeon") + "}"), 400,
                "stable.backend.type");
        problem(admin.post("/api/v1/deployments", "{\"name\":\"Bad Name\",\"stable\":" + target("models/" + m + "/1",
                server.predictUrl()) + "}"), 400, "name");
        problem(admin.get("/api/v1/deployments/" + Fixtures.unique("none")), 404, null);
        JsonNode health = admin.get("/api/v1/deployments/" + m + "/health").json();
        assertEquals(100, health.get("score").asInt(), health.toString());
        assertEquals("error_rate", health.at("/components/0/name").asText());
    }

    @Test
    void aRolloutNeedsAnotherPersonsApprovalAndBadRolloutsChangeNothing() {
        String m = model();
        assertEquals(201, admin.post("/api/v1/deployments", "{\"name\":\"" + m + "\",\"stable\":"
                + target("models/" + m + "/1", server.predictUrl()) + "}").status());
        String base = "/api/v1/deployments/" + m + "/rollouts";
        Http requester = admin.as(key("approver"));
        Http other = admin.as(key("approver"));
        Http viewer = admin.as(key("viewer"));
        Http operator = admin.as(key("operator"));

        problem(requester.post(base, "{\"strategy\":\"canary\",\"candidate\":" + target("models/" + m + "/2",
                server.predictUrl()) + ",\"steps\":[{\"weight\":10},{\"weight\":50}]}"), 400, "steps");
        problem(requester.post(base, "{\"strategy\":\"ab\",\"weight\":100,\"candidate\":" + target("models/" + m + "/2",
                server.predictUrl()) + ",\"analysis\":[{\"metric\":\"error_rate\",\"threshold\":0.05}]}"), 400, "weight");
        problem(requester.post(base, "{\"strategy\":\"canary\",\"candidate\":" + target("models/" + m + "/2",
                server.predictUrl()) + ",\"steps\":[{\"weight\":100}],\"analysis\":[{\"metric\":\"vibes\",\"threshold\":1}]}"),
                400, "analysis[0].metric");
        problem(requester.post(base, "{\"strategy\":\"canary\",\"candidate\":" + target("models/" + m + "/2",
                "http://127.0.0.1:" + ModelServer.unusedPort() + "/predict") + ",\"steps\":[{\"weight\":100}]}"), 400,
                "candidate.backend.url");
        assertEquals(0, admin.get(base).json().get("items").size(), "refused rollouts leave nothing behind");
        assertEquals(1, admin.get("/api/v1/deployments/" + m).json().get("revision").asInt());

        Http.Response started = requester.post(base, "{\"strategy\":\"canary\",\"require_approval\":true,\"candidate\":"
                + target("models/" + m + "/2", server.predictUrl())
                + ",\"steps\":[{\"weight\":20,\"duration\":\"1h\"},{\"weight\":100,\"duration\":\"1h\"}],\"reason\":\"v2\"}");
        assertEquals(201, started.status(), started.toString());
        String id = started.json().get("id").asText();
        assertEquals("pending_approval", started.json().get("state").asText());
        problem(operator.post(base, "{\"strategy\":\"canary\",\"candidate\":" + target("models/" + m + "/2",
                server.predictUrl()) + ",\"steps\":[{\"weight\":100}]}"), 409, "deployment");

        JsonNode pending = admin.get("/api/v1/approvals?state=pending").json().get("items");
        String approval = null;
        for (JsonNode a : pending) if (a.get("subject").asText().equals(id)) approval = a.get("id").asText();
        assertTrue(approval != null, pending.toString());
        JsonNode shown = admin.get("/api/v1/approvals/" + approval).json();
        assertEquals("models/" + m + "/2", shown.at("/evidence/candidate/version").asText(), shown.toString());
        assertFalse(shown.get("requester_may_decide").asBoolean());

        JsonNode own = problem(requester.post("/api/v1/approvals/" + approval + "/approve", "{\"comment\":\"mine\"}"), 403, null);
        assertTrue(own.get("detail").asText().contains("requester"), own.toString());
        problem(viewer.post("/api/v1/approvals/" + approval + "/approve", "{}"), 403, null);
        problem(operator.post("/api/v1/approvals/" + approval + "/approve", "{}"), 403, null);
        Http.Response ok = other.post("/api/v1/approvals/" + approval + "/approve", "{\"comment\":\"go\"}");
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("approved", ok.json().get("state").asText());
        problem(other.post("/api/v1/approvals/" + approval + "/reject", "{}"), 409, "state");

        JsonNode rollout = admin.get("/api/v1/rollouts/" + id).json();
        assertEquals("progressing", rollout.get("state").asText());
        assertEquals(20, rollout.get("candidate_weight").asInt());
        assertEquals(20, admin.get("/api/v1/deployments/" + m).json().at("/routing/candidate_weight").asInt());
        assertTrue(rollout.get("history").size() >= 3, rollout.toString());

        problem(viewer.post("/api/v1/rollouts/" + id + "/pause", "{}"), 403, null);
        assertEquals("paused", operator.post("/api/v1/rollouts/" + id + "/pause", "{\"reason\":\"lunch\"}").json()
                .get("state").asText());
        problem(operator.post("/api/v1/rollouts/" + id + "/pause", "{}"), 409, "state");
        Http.Response aborted = operator.post("/api/v1/rollouts/" + id + "/abort", "{\"reason\":\"changed my mind\"}");
        assertEquals("aborted", aborted.json().get("state").asText(), aborted.toString());
        assertEquals(0, admin.get("/api/v1/deployments/" + m).json().at("/routing/candidate_weight").asInt());
        problem(admin.get("/api/v1/rollouts/" + Fixtures.unique("none")), 404, null);
    }
}
