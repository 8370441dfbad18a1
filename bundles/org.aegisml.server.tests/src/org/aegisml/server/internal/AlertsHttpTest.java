package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/** Alert rules and destinations over HTTP, the way a client manages them. */
class AlertsHttpTest {
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        http = Fixtures.server();
    }

    static String model() {
        String m = Fixtures.createModel(http);
        assertEquals(201, Fixtures.uploadVersion(http, m, new byte[] { 7 }).status());
        return m;
    }

    @Test
    void aRuleIsCreatedListedReplacedAndDeleted() throws Exception {
        String m = model();
        String dest = Fixtures.unique("hook");
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/in";
            Http.Response d = http.post("/api/v1/alerts/destinations", "{\"name\":\"" + dest
                    + "\",\"channel\":\"webhook\",\"settings\":{\"url\":\"" + url + "\",\"secret\":\"0123456789abcdefXYZ\"}}");
            assertEquals(201, d.status(), d.toString());
            assertEquals("/api/v1/alerts/destinations/" + dest, d.header("Location"));
            assertEquals("********", d.json().get("settings").get("url").asText(), "secrets are masked");
            assertFalse(http.get("/api/v1/alerts/destinations").text().contains(url));

            Http.Response test = http.post("/api/v1/alerts/destinations/" + dest + "/test", "{}");
            assertEquals(200, test.status(), test.toString());
            assertEquals("ok", test.json().get("status").asText(), test.toString());
            assertEquals(1, received.size());
            assertTrue(received.get(0).contains("\"kind\":\"test\""));

            String rule = "{\"name\":\"errors-" + m + "\",\"metric\":\"error_rate\",\"condition\":\"gt\",\"threshold\":0.2,"
                    + "\"window\":\"5m\",\"severity\":\"critical\",\"scope\":{\"model\":\"" + m + "\"},\"renotify\":\"10m\","
                    + "\"destinations\":[\"" + dest + "\"]}";
            Http.Response created = http.post("/api/v1/alerts/rules", rule);
            assertEquals(201, created.status(), created.toString());
            JsonNode r = created.json();
            String id = r.get("id").asText();
            assertEquals("/api/v1/alerts/rules/" + id, created.header("Location"));
            assertEquals("PT5M", r.get("window").asText());
            assertEquals(300, r.get("window_seconds").asInt());
            assertEquals(600, r.get("renotify_seconds").asInt());
            assertEquals("critical", r.get("severity").asText());
            assertEquals(m, r.get("scope").get("model").asText());
            assertTrue(r.get("enabled").asBoolean());

            boolean listed = false;
            for (JsonNode x : http.get("/api/v1/alerts/rules").json().get("items")) listed |= x.get("id").asText().equals(id);
            assertTrue(listed, "the new rule is listed");
            assertEquals("error_rate", http.get("/api/v1/alerts/rules/" + id).json().get("metric").asText());

            Http.Response replaced = http.put("/api/v1/alerts/rules/" + id, rule.replace("\"threshold\":0.2", "\"threshold\":0.3")
                    .replace("\"window\":\"5m\"", "\"window\":\"PT15M\""));
            assertEquals(200, replaced.status(), replaced.toString());
            assertEquals(0.3, replaced.json().get("threshold").asDouble());
            assertEquals(900, replaced.json().get("window_seconds").asInt());

            problem(http.delete("/api/v1/alerts/destinations/" + dest), 409, "name");
            assertEquals(200, http.get("/api/v1/alerts").status());
            JsonNode history = http.get("/api/v1/alerts/history?rule=" + id + "&state=resolved").json();
            assertEquals(0, history.get("total").asInt());
            assertEquals(204, http.delete("/api/v1/alerts/rules/" + id).status());
            problem(http.get("/api/v1/alerts/rules/" + id), 404, "id");
            assertEquals(204, http.delete("/api/v1/alerts/destinations/" + dest).status());
            problem(http.get("/api/v1/alerts/destinations/" + dest), 404, "name");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void badRulesAreProblems() {
        String m = model();
        String ok = "{\"name\":\"r-" + m + "\",\"metric\":\"error_rate\",\"condition\":\"gt\",\"threshold\":0.2,"
                + "\"window\":\"5m\",\"scope\":{\"model\":\"" + m + "\"}}";
        JsonNode p = problem(http.post("/api/v1/alerts/rules", ok.replace("error_rate", "errrors")), 400, "metric");
        assertTrue(p.get("detail").asText().contains("error_rate"), "names the valid metrics: " + p);
        problem(http.post("/api/v1/alerts/rules", ok.replace("\"gt\"", "\"above\"")), 400, "condition");
        problem(http.post("/api/v1/alerts/rules", ok.replace("\"5m\"", "\"5 parsecs\"")), 400, "window");
        problem(http.post("/api/v1/alerts/rules", ok.replace("\"5m\"", "\"10s\"")), 400, "window");
        problem(http.post("/api/v1/alerts/rules", ok.replace("0.2", "\"0.2\"")), 400, "threshold");
        problem(http.post("/api/v1/alerts/rules", ok.replace(",\"threshold\":0.2", "")), 400, "threshold");
        problem(http.post("/api/v1/alerts/rules", ok.replace("\"model\":\"" + m + "\"", "\"model\":\"ghost\"")), 400,
                "scope.model");
        problem(http.post("/api/v1/alerts/rules", ok.replace("}}", "},\"destinations\":[\"nowhere\"]}")), 400, "destinations");
        problem(http.post("/api/v1/alerts/rules", ok.replace("}}", "},\"colour\":\"red\"}")), 400, "colour");
        problem(http.post("/api/v1/alerts/rules", ok.replace("}}", ",\"arm\":\"left\"}}")), 400, "scope.arm");
        problem(http.post("/api/v1/alerts/destinations", "{\"name\":\"d-" + m + "\",\"channel\":\"pager\",\"settings\":{}}"),
                400, "channel");
        problem(http.post("/api/v1/alerts/destinations", "{\"name\":\"d-" + m
                + "\",\"channel\":\"email\",\"settings\":{\"host\":\"smtp.example.com\",\"from\":\"a@example.com\","
                + "\"to\":\"not an address\"}}"), 400, "settings.to");
        problem(http.get("/api/v1/alerts/history?state=asleep"), 400, "state");
        problem(http.get("/api/v1/alerts/nope/deliveries"), 404, "id");
        problem(http.post("/api/v1/alerts/destinations/nope/test", "{}"), 404, "name");
        assertEquals(0, http.get("/api/v1/alerts/history?rule=none").json().get("total").asInt());
    }

    @Test
    void writesNeedTheOperatorRole() {
        Http.Response k = http.post("/api/v1/keys", "{\"name\":\"" + Fixtures.unique("viewer") + "\",\"role\":\"viewer\"}");
        Http viewer = http.as(k.json().get("key").asText());
        assertEquals(200, viewer.get("/api/v1/alerts/rules").status());
        assertEquals(200, viewer.get("/api/v1/alerts").status());
        problem(viewer.post("/api/v1/alerts/rules", "{}"), 403, null);
        problem(viewer.post("/api/v1/alerts/destinations/x/test", "{}"), 403, null);
    }
}
