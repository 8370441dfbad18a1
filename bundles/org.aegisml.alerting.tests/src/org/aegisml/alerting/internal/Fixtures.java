package org.aegisml.alerting.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.Store;
import org.aegisml.testing.TestRuntime;

import com.sun.net.httpserver.HttpServer;

/** The runtime the alerting integration tests share, and a local HTTP server that records what it is sent. */
final class Fixtures {
    static final Actor OPERATOR = new Actor("k1", "olga", Role.OPERATOR);
    static final Actor VIEWER = new Actor("k2", "vic", Role.VIEWER);
    private static Recorder recorder;
    private static boolean configured;

    private Fixtures() {
    }

    /**
     * Scheduled evaluation off before anything starts: the tests drive {@link Alerts#evaluate}
     * with instants of their choosing, and a pass at the real "now" would resolve their episodes.
     */
    static synchronized void runtime() throws IOException {
        // Once per JVM: every update of the configuration replaces the component instance,
        // which would leave earlier test classes holding a deactivated one.
        if (configured) return;
        configured = true;
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("evaluationIntervalSeconds", 0);
        p.put("channelTimeoutSeconds", 10);
        TestRuntime.configure("org.aegisml.alerting", p);
        TestRuntime.ensureStore();
    }

    /** The instance that runs with this configuration (DS publishes it as service properties), never a default one. */
    static Alerts alerts() {
        return TestRuntime.service(Alerts.class, "(evaluationIntervalSeconds=0)");
    }

    static Registry registry() {
        return TestRuntime.service(Registry.class);
    }

    static Monitoring monitoring() {
        return TestRuntime.service(Monitoring.class);
    }

    static Store store() {
        return TestRuntime.service(Store.class);
    }

    static String model() {
        String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
        registry().create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of()), OPERATOR);
        registry().addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("d", "sklearn", "pickle", Map.of(),
                Map.of(), Map.of(), List.of()), "model.pkl", "application/octet-stream",
                new ByteArrayInputStream(new byte[] { 1 })), OPERATOR);
        return name;
    }

    /** A round minute three hours ago: inside the ingest window, far from the real clock. */
    static Instant base() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofHours(3));
    }

    /** Ingests {@code errors} failed and {@code ok} successful events of {@code model} at {@code at}. */
    static void traffic(String model, Instant at, int errors, int ok) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < errors + ok; i++) {
            b.append("{\"event_id\":\"").append(UUID.randomUUID()).append("\",\"model_id\":\"").append(model)
                    .append("\",\"timestamp\":\"").append(at.plusMillis(i)).append("\",\"latency_ms\":12,\"status\":\"")
                    .append(i < errors ? "error" : "ok").append("\"}\n");
        }
        IngestReport r = monitoring().ingestJson(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)), true);
        if (r.accepted() != errors + ok) throw new AssertionError("ingest rejected events: " + r.rejected());
    }

    /** One request as the local server saw it. */
    record Request(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Answers 200 to everything except paths containing {@code /fail} (500, with a body), and
     * keeps every request for the test to check.
     */
    static final class Recorder {
        final HttpServer server;
        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

        Recorder() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                requests.add(new Request(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
                boolean fail = ex.getRequestURI().getPath().contains("/fail");
                byte[] answer = (fail ? "no_service" : "ok").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(fail ? 500 : 200, answer.length);
                ex.getResponseBody().write(answer);
                ex.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<Request> at(String path) {
            synchronized (requests) {
                return requests.stream().filter(r -> r.path().equals(path)).toList();
            }
        }
    }

    static synchronized Recorder recorder() throws IOException {
        if (recorder == null) recorder = new Recorder();
        return recorder;
    }
}
