package org.aegisml.backends.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.BackendException;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http-json backend as Declarative Services publishes it, against a real local server. */
class HttpJsonBackendTest {
    static ModelServer server;
    static InferenceBackend backend;

    @BeforeAll
    static void start() {
        server = ModelServer.start("json");
        backend = TestRuntime.service(InferenceBackend.class, "(type=http-json)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        server.clear();
    }

    static Backend backend(String url, Duration timeout, Map<String, String> options) {
        return new Backend("http-json", url, timeout, 0, options);
    }

    static InferenceRequest request(String json, Duration within) {
        return new InferenceRequest(Kind.INVOKE, json.getBytes(StandardCharsets.UTF_8), Map.of("x-request-id", "r-1"),
                Instant.now().plus(within));
    }

    static BackendException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(BackendException.class, e.getCause());
    }

    @Test
    void postsTheBodyWithHeadersAndAnswersWhatTheServerSaid() throws Exception {
        server.answer("{\"prediction\":1}");
        InferenceResponse r = backend.call(backend(server.predictUrl(), Duration.ofSeconds(5),
                Map.of("header.X-Team", "ml", "header.X-Api-Key", "s3cret")), request("{\"age\":41}", Duration.ofSeconds(5)))
                .get(10, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertEquals("{\"prediction\":1}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", r.contentType());
        assertNull(r.inputTokens());
        ModelServer.Received got = server.last();
        assertEquals("POST", got.method());
        assertEquals("/predict", got.path());
        assertEquals("{\"age\":41}", got.text());
        assertTrue(got.header("content-type").startsWith("application/json"), got.header("content-type"));
        assertEquals("ml", got.header("x-team"));
        assertEquals("s3cret", got.header("x-api-key"));
        assertEquals("r-1", got.header("x-request-id"), "forwarded header");
    }

    @Test
    void aClientErrorOrServerErrorIsAnAnswerNotAFailure() throws Exception {
        server.status(404).answer("{\"error\":\"no such thing\"}");
        InferenceResponse r = backend.call(backend(server.predictUrl(), Duration.ofSeconds(5), Map.of()),
                request("{}", Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertEquals(404, r.status());
        assertTrue(r.ok());
        server.reset().errorRate(1);
        r = backend.call(backend(server.predictUrl(), Duration.ofSeconds(5), Map.of()), request("{}", Duration.ofSeconds(5)))
                .get(10, TimeUnit.SECONDS);
        assertEquals(500, r.status());
        assertFalse(r.ok());
    }

    @Test
    void refusedConnectionIsAConnectFailure() throws Exception {
        long t0 = System.nanoTime();
        BackendException e = failure(backend.call(backend("http://127.0.0.1:" + ModelServer.unusedPort() + "/predict",
                Duration.ofSeconds(5), Map.of()), request("{}", Duration.ofSeconds(5))));
        assertTrue(e.connect(), e.getMessage());
        assertFalse(e.timeout());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused at once, not after the timeout");
    }

    @Test
    void aHangingServerIsCutAtTheDeadline() throws Exception {
        server.hang(true);
        long t0 = System.nanoTime();
        BackendException e = failure(backend.call(backend(server.predictUrl(), Duration.ofMillis(300), Map.of()),
                request("{}", Duration.ofMillis(300))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.timeout(), e.getMessage());
        assertFalse(e.connect(), "it reached the server: never to be retried");
        assertTrue(ms >= 250 && ms < 2_000, "cut at the deadline, took " + ms + " ms");
    }

    @Test
    void aDroppedConnectionIsAFailureThatReachedTheServer() throws Exception {
        server.dropConnections(true);
        BackendException e = failure(backend.call(backend(server.predictUrl(), Duration.ofSeconds(5), Map.of()),
                request("{}", Duration.ofSeconds(5))));
        assertFalse(e.connect(), e.getMessage());
        assertFalse(e.timeout(), e.getMessage());
    }

    @Test
    void connectionsAreKeptAliveAndReused() throws Exception {
        // A server of its own: the other tests leave connections behind on the shared one.
        try (ModelServer own = ModelServer.start("pool")) {
            Backend b = backend(own.predictUrl(), Duration.ofSeconds(5), Map.of());
            for (int i = 0; i < 200; i++) {
                assertEquals(200, backend.call(b, request("{}", Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS).status());
            }
            assertEquals(200, own.count());
            assertEquals(1, own.openConnections(), "200 sequential calls on one kept-alive connection");
        }
    }

    @Test
    void probeCountsAnyAnswerAsUp() throws Exception {
        server.status(404);
        assertTrue(backend.probe(backend(server.url() + "/nothing-here", Duration.ofSeconds(5), Map.of())).get(10,
                TimeUnit.SECONDS));
        assertFalse(backend.probe(backend("http://127.0.0.1:" + ModelServer.unusedPort(), Duration.ofSeconds(5), Map.of()))
                .get(10, TimeUnit.SECONDS));
        server.hang(true);
        long t0 = System.nanoTime();
        assertFalse(backend.probe(backend(server.url(), Duration.ofMillis(300), Map.of())).get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
    }

    @Test
    void validationNamesTheBadSetting() {
        assertEquals("backend.url", assertThrows(ValidationException.class,
                () -> backend.validate(backend("ftp://x/y", null, Map.of()))).field());
        assertEquals("backend.url", assertThrows(ValidationException.class,
                () -> backend.validate(backend("not a url", null, Map.of()))).field());
        assertEquals("backend.timeout", assertThrows(ValidationException.class,
                () -> backend.validate(backend("http://h/p", Duration.ZERO, Map.of()))).field());
        assertEquals("backend.retries", assertThrows(ValidationException.class,
                () -> backend.validate(new Backend("http-json", "http://h/p", null, 99, Map.of()))).field());
        assertEquals("backend.options.model", assertThrows(ValidationException.class,
                () -> backend.validate(backend("http://h/p", null, Map.of("model", "x")))).field());
        assertEquals("backend.options.header.Bad Name", assertThrows(ValidationException.class,
                () -> backend.validate(backend("http://h/p", null, Map.of("header.Bad Name", "x")))).field());
        assertEquals("backend.options.header.Host", assertThrows(ValidationException.class,
                () -> backend.validate(backend("http://h/p", null, Map.of("header.Host", "x")))).field());
        backend.validate(backend("https://models.example.com:8443/v2/predict", Duration.ofSeconds(2),
                Map.of("header.X-Api-Key", "k")));
    }
}
