package org.aegisml.gateway.internal;

import static org.aegisml.gateway.internal.Fixtures.await;
import static org.aegisml.gateway.internal.Fixtures.deployments;
import static org.aegisml.gateway.internal.Fixtures.endpoint;
import static org.aegisml.gateway.internal.Fixtures.failure;
import static org.aegisml.gateway.internal.Fixtures.invoke;
import static org.aegisml.gateway.internal.Fixtures.json;
import static org.aegisml.gateway.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.store.MonitoringRepository.EventRow;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the gateway does when backends misbehave: refused connections are retried, hanging
 * ones are cut at their timeout and never retried, failing ones trip their circuit, and a
 * shadow's failures or hangs never reach the client. Each test has servers of its own, since
 * circuits are kept per backend URL.
 */
class GatewayResilienceTest {
    String model;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
    }

    @BeforeEach
    void fresh() {
        model = Fixtures.model(ModelKind.ML, 2);
    }

    static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aRefusedConnectionIsRetriedUntilTheServerListens() throws Exception {
        int port = ModelServer.unusedPort();
        String ep = endpoint(target(model, 1, json("http://127.0.0.1:" + port + "/predict", Duration.ofSeconds(10), 5)),
                Capture.DEFAULT);
        // Nothing listens when the call starts; a plain socket starts answering 40 ms later.
        CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answerOnceAfter(port, 40));
        long t0 = System.nanoTime();
        GatewayResponse r = invoke(ep, "{\"x\":1}");
        long ms = millisSince(t0);
        assertEquals(200, r.status());
        assertEquals("{\"late\":true}", Fixtures.text(r));
        assertTrue(ms >= 25, "the first try was refused and retried after a pause, took " + ms + " ms");
        assertTrue(received.get().endsWith("{\"x\":1}"), received.get());
        assertFalse(Fixtures.event(r.requestId()).error());
    }

    /** Listens on {@code port} after {@code delayMs}, answers one request with a fixed JSON body, and returns what it read. */
    static String answerOnceAfter(int port, long delayMs) {
        try {
            Thread.sleep(delayMs);
            try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress()); Socket c = s.accept()) {
                InputStream in = c.getInputStream();
                byte[] buf = new byte[8192];
                int n = 0, len = -1, headerEnd = -1;
                while (headerEnd < 0 || n < headerEnd + len) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) break;
                    n += r;
                    String sofar = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    int he = sofar.indexOf("\r\n\r\n");
                    if (he >= 0 && headerEnd < 0) {
                        headerEnd = he + 4;
                        for (String line : sofar.substring(0, he).split("\r\n")) {
                            if (line.toLowerCase().startsWith("content-length:")) len = Integer.parseInt(line.substring(15).strip());
                        }
                        if (len < 0) len = 0;
                    }
                }
                byte[] body = "{\"late\":true}".getBytes(StandardCharsets.UTF_8);
                OutputStream out = c.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutRetriesARefusedConnectionFailsAtOnce() throws Exception {
        String ep = endpoint(target(model, 1, json("http://127.0.0.1:" + ModelServer.unusedPort() + "/p", Duration.ofSeconds(10),
                0)), Capture.DEFAULT);
        long t0 = System.nanoTime();
        UnavailableException e = assertInstanceOf(UnavailableException.class,
                failure(Fixtures.gateway().invoke(ep, Fixtures.body("{}"), Map.of())));
        assertTrue(millisSince(t0) < 2_000, "not after the 10 s timeout");
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }

    @Test
    void aHangingBackendIsCutAtItsTimeoutAndNeverRetried() throws Exception {
        try (ModelServer hang = ModelServer.start("hang")) {
            hang.hang(true);
            String ep = endpoint(target(model, 1, json(hang.predictUrl(), Duration.ofMillis(400), 3)), Capture.DEFAULT);
            long t0 = System.nanoTime();
            Throwable e = failure(Fixtures.gateway().invoke(ep, Fixtures.body("{}"), Map.of()));
            long ms = millisSince(t0);
            assertInstanceOf(UnavailableException.class, e);
            assertTrue(ms >= 380 && ms < 2_000, "cut at 400 ms, took " + ms);
            Thread.sleep(300);
            assertEquals(1, hang.count(), "a call that reached the server is never sent again");
        }
    }

    @Test
    void theCircuitOpensAnswersFastWithoutCallingThenClosesAfterAGoodTrial() throws Exception {
        try (ModelServer flaky = ModelServer.start("flaky")) {
            flaky.errorRate(1);
            String ep = endpoint(target(model, 1, json(flaky.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
            for (int i = 0; i < 5; i++) {
                assertEquals(500, invoke(ep, "{}").status(), "the server's 500 passes through");
            }
            assertEquals(5, flaky.count());
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                UnavailableException e = assertInstanceOf(UnavailableException.class,
                        failure(Fixtures.gateway().invoke(ep, Fixtures.body("{}"), Map.of())));
                assertTrue(millisSince(t0) < 200, "an open circuit answers at once");
                assertTrue(e.getMessage().contains("circuit"), e.getMessage());
            }
            assertEquals(5, flaky.count(), "nothing was sent while open");
            flaky.reset();
            Thread.sleep(Fixtures.COOL_DOWN_MILLIS + 50);
            assertEquals(200, invoke(ep, "{}").status(), "the trial after the cool-down");
            for (int i = 0; i < 20; i++) assertEquals(200, invoke(ep, "{}").status());
            assertEquals(26, flaky.count(), "closed again: every call reaches the server");
        }
    }

    @Test
    void aFailingStableAnswerIsPassedOnAndCountedAsAnError() throws Exception {
        try (ModelServer failing = ModelServer.start("failing")) {
            failing.errorRate(1);
            String ep = endpoint(target(model, 1, json(failing.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
            GatewayResponse r = invoke(ep, "{}");
            assertEquals(500, r.status());
            assertTrue(Fixtures.text(r).contains("injected"));
            EventRow e = Fixtures.event(r.requestId());
            assertTrue(e.error());
            assertNotNull(e.latencyMs());
        }
    }

    @Test
    void aFailingShadowNeverReachesTheClient() throws Exception {
        try (ModelServer stable = ModelServer.start("stable"); ModelServer shadow = ModelServer.start("shadow")) {
            shadow.errorRate(1);
            String ep = endpoint(target(model, 1, json(stable.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
            String rollout = Fixtures.unique("ro");
            deployments().route(ep, target(model, 2, json(shadow.predictUrl(), Duration.ofSeconds(5), 1)),
                    new Routing(Strategy.SHADOW, 0, 100, null), rollout, true);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                GatewayResponse r = invoke(ep, "{\"i\":" + i + "}");
                assertEquals(200, r.status());
                assertEquals("stable", r.arm());
                assertEquals("models/" + model + "/1", r.version());
                ids.add(r.requestId());
            }
            assertEquals(200, stable.count());
            await(() -> mine(rollout).size() == 200, Duration.ofSeconds(30), "a comparison per request");
            List<ShadowComparison> mine = mine(rollout);
            assertTrue(mine.stream().noneMatch(ShadowComparison::shadowOk));
            assertTrue(mine.stream().allMatch(c -> c.shadowError() != null));
            assertTrue(shadow.count() >= 5, "copies were sent until the shadow's circuit opened");
            assertTrue(shadow.count() < 200, "and not after: " + shadow.count());
            assertTrue(ids.containsAll(mine.stream().map(ShadowComparison::requestId).toList()));
            // A copy is an event of its own, on the shadow arm, for the candidate version.
            String sent = shadow.requests().get(0).header("x-request-id");
            EventRow copy = Fixtures.event(Shadows.eventId(sent));
            assertEquals("shadow", copy.arm());
            assertEquals(2, copy.version());
            assertTrue(copy.error());
            EventRow original = Fixtures.event(sent);
            assertEquals("stable", original.arm());
            assertEquals(1, original.version());
            assertFalse(original.error());
        }
    }

    static List<ShadowComparison> mine(String rollout) {
        return Fixtures.comparisons(rollout);
    }

    @Test
    void aHangingShadowAddsNoLatencyAndCopiesBeyondTheLimitAreDropped() throws Exception {
        try (ModelServer stable = ModelServer.start("stable2"); ModelServer shadow = ModelServer.start("hanging-shadow")) {
            String ep = endpoint(target(model, 1, json(stable.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
            String rollout = Fixtures.unique("ro");
            var candidate = target(model, 2, json(shadow.predictUrl(), Duration.ofSeconds(3), 1));
            deployments().route(ep, candidate, new Routing(Strategy.SHADOW, 0, 0, null), rollout, true);
            for (int i = 0; i < 200; i++) invoke(ep, "{}"); // warm-up
            long[] without = latencies(ep, 300);
            shadow.hang(true);
            deployments().route(ep, candidate, new Routing(Strategy.SHADOW, 0, 100, null), rollout, true);
            long droppedBefore = Fixtures.internals().shadows().dropped();
            long[] with = latencies(ep, 300);
            long maxMs = with[with.length - 1] / 1_000_000;
            assertTrue(maxMs < 1_000, "no client waited for the 3 s shadow; slowest took " + maxMs + " ms");
            long p50Without = without[without.length / 2], p50With = with[with.length / 2];
            assertTrue(p50With - p50Without < 5_000_000, "p50 " + p50Without / 1e6 + " ms without shadow, " + p50With / 1e6
                    + " ms with a hanging one");
            long dropped = Fixtures.internals().shadows().dropped() - droppedBefore;
            assertTrue(dropped >= 300 - Fixtures.SHADOW_IN_FLIGHT - 10, "copies beyond the in-flight limit are dropped: " + dropped);
            assertTrue(shadow.count() <= Fixtures.SHADOW_IN_FLIGHT, "at most the in-flight limit reached the shadow: " + shadow.count());
            await(() -> mine(rollout).size() >= Fixtures.SHADOW_IN_FLIGHT, Duration.ofSeconds(10),
                    "the hung copies recorded as failed after their timeout");
            assertTrue(mine(rollout).stream().allMatch(c -> !c.shadowOk() && c.shadowLatencyMs() == null));
        }
    }

    static long[] latencies(String ep, int n) throws Exception {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, invoke(ep, "{}").status());
            out[i] = System.nanoTime() - t0;
        }
        Arrays.sort(out);
        return out;
    }
}
