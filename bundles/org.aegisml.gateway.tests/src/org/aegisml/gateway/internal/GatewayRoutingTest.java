package org.aegisml.gateway.internal;

import static org.aegisml.gateway.internal.Fixtures.deployments;
import static org.aegisml.gateway.internal.Fixtures.endpoint;
import static org.aegisml.gateway.internal.Fixtures.failure;
import static org.aegisml.gateway.internal.Fixtures.invoke;
import static org.aegisml.gateway.internal.Fixtures.json;
import static org.aegisml.gateway.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which version answers: stable only, weighted canary, sticky A/B, and how fast routing changes arrive. */
class GatewayRoutingTest {
    static ModelServer v1, v2;
    String model;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
        v1 = ModelServer.start("v1");
        v2 = ModelServer.start("v2");
    }

    @AfterAll
    static void stop() {
        v1.close();
        v2.close();
    }

    @BeforeEach
    void fresh() {
        v1.reset();
        v2.reset();
        v1.clear();
        v2.clear();
        model = Fixtures.model(ModelKind.ML, 2);
    }

    String canary(Routing routing) {
        String ep = endpoint(target(model, 1, json(v1.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
        deployments().route(ep, target(model, 2, json(v2.predictUrl(), Duration.ofSeconds(5), 1)), routing, "ro-" + ep, true);
        return ep;
    }

    static String server(GatewayResponse r) throws Exception {
        return org.aegisml.testing.Http.JSON.readTree(r.body()).get("server").asText();
    }

    @Test
    void aCallReachesTheStableVersionAndSaysWhichAnswered() throws Exception {
        String ep = endpoint(target(model, 1, new Backend("http-json", v1.predictUrl(), Duration.ofSeconds(5), 1,
                Map.of("header.X-Model-Key", "k-1"))), Capture.DEFAULT);
        GatewayResponse r = invoke(ep, "{\"age\":41,\"plan\":\"pro\"}", Map.of("traceparent", "00-abc-def-01",
                "authorization", "Bearer client-secret"));
        assertEquals(200, r.status());
        assertEquals("v1", server(r));
        assertEquals("models/" + model + "/1", r.version());
        assertEquals("stable", r.arm());
        assertEquals("application/json", r.contentType());
        assertEquals(36, r.requestId().length());
        ModelServer.Received got = v1.last();
        assertEquals("{\"age\":41,\"plan\":\"pro\"}", got.text(), "the body as it came");
        assertEquals(r.requestId(), got.header("x-request-id"), "the backend sees the request id");
        assertEquals("00-abc-def-01", got.header("traceparent"), "trace context passes");
        assertEquals("k-1", got.header("x-model-key"), "the backend's configured header");
        assertEquals(null, got.header("authorization"), "the client's API key never reaches a backend");
        assertEquals(0, v2.count());
    }

    @Test
    void weightsSplitTrafficAndEveryAnswerNamesItsVersion() throws Exception {
        String ep = canary(new Routing(Strategy.CANARY, 20, 0, null));
        int n = 2000, candidate = 0;
        for (int i = 0; i < n; i++) {
            GatewayResponse r = invoke(ep, "{\"x\":" + i + "}");
            String server = server(r);
            if (server.equals("v2")) {
                candidate++;
                assertEquals("models/" + model + "/2", r.version());
                assertEquals("canary", r.arm());
            } else {
                assertEquals("models/" + model + "/1", r.version());
                assertEquals("stable", r.arm());
            }
        }
        // 20% of 2,000: the standard deviation is about 18 calls, so +-90 is five of them.
        assertEquals(400, candidate, 90, "candidate share");
        assertEquals(candidate, v2.count());
        assertEquals(n - candidate, v1.count());
    }

    @Test
    void abTestingKeepsEachUserOnOneArm() throws Exception {
        String ep = canary(new Routing(Strategy.AB, 50, 0, "header:X-User"));
        Map<String, String> armOf = new HashMap<>();
        int onB = 0;
        for (int u = 0; u < 200; u++) {
            for (int i = 0; i < 4; i++) {
                GatewayResponse r = invoke(ep, "{}", Map.of("x-user", "user-" + u));
                String arm = r.arm();
                assertTrue(arm.equals("a") || arm.equals("b"), arm);
                assertEquals(arm.equals("a") ? "v1" : "v2", server(r), "A is stable, B the candidate");
                String before = armOf.putIfAbsent("user-" + u, arm);
                assertTrue(before == null || before.equals(arm), "user-" + u + " moved from " + before + " to " + arm);
            }
            if (armOf.get("user-" + u).equals("b")) onB++;
        }
        assertEquals(100, onB, 35, "about half the users on B");

        String byField = canary(new Routing(Strategy.AB, 50, 0, "field:customer"));
        for (int c = 0; c < 50; c++) {
            String first = invoke(byField, "{\"customer\":\"c-" + c + "\",\"x\":1}").arm();
            for (int i = 0; i < 3; i++) {
                assertEquals(first, invoke(byField, "{\"x\":" + i + ",\"customer\":\"c-" + c + "\"}").arm());
            }
        }
    }

    @Test
    void anAnnouncedChangeAppliesAtOnceAndAnUnannouncedOneByThePoll() throws Exception {
        String ep = canary(new Routing(Strategy.CANARY, 100, 0, null));
        assertEquals("v2", server(invoke(ep, "{}")));
        // A rollback in this process: the very next call goes to stable.
        deployments().route(ep, null, Routing.STABLE_ONLY, null, true);
        for (int i = 0; i < 20; i++) assertEquals("v1", server(invoke(ep, "{}")));
        // A change made by another replica is not announced: the poll (every 200 ms here) finds it.
        deployments().route(ep, target(model, 2, json(v2.predictUrl(), Duration.ofSeconds(5), 1)),
                new Routing(Strategy.CANARY, 100, 0, null), "ro-2", false);
        long t0 = System.nanoTime();
        while (server(invoke(ep, "{}")).equals("v1")) {
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the poll did not pick the change up");
            Thread.sleep(20);
        }
        deployments().delete(ep, Fixtures.OPERATOR);
        assertInstanceOf(NotFoundException.class, failure(Fixtures.gateway().invoke(ep, Fixtures.body("{}"), Map.of())));
    }

    @Test
    void unknownEndpointsAndBackendTypesAreClearFailures() throws Exception {
        NotFoundException nf = assertInstanceOf(NotFoundException.class,
                failure(Fixtures.gateway().invoke("no-such-endpoint", Fixtures.body("{}"), Map.of())));
        assertTrue(nf.getMessage().contains("no-such-endpoint"));
        String ep = endpoint(target(model, 1, new Backend("grpc", "http://127.0.0.1:1", Duration.ofSeconds(1), 0, Map.of())),
                Capture.DEFAULT);
        UnavailableException u = assertInstanceOf(UnavailableException.class,
                failure(Fixtures.gateway().invoke(ep, Fixtures.body("{}"), Map.of())));
        assertTrue(u.getMessage().contains("no backend of type 'grpc'"), u.getMessage());
    }
}
