package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server speaking one of Google's REST APIs, on a free loopback port. Every
 * request must carry {@code Authorization: Bearer} with a token the {@link FakeToken} endpoint
 * issued; others get 401 and are counted, so a test can assert that none went out without one.
 */
abstract class Fake implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final FakeToken tokens;
    final AtomicInteger authorized = new AtomicInteger();
    final AtomicInteger unauthorized = new AtomicInteger();
    /** Failures inside the fake itself (a bug in the test, not in the code under test). */
    final List<String> faults = new CopyOnWriteArrayList<>();

    Fake(FakeToken tokens) throws IOException {
        this.tokens = tokens;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::dispatch);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void dispatch(HttpExchange x) throws IOException {
        try (x) {
            if (tokens != null) {
                String auth = x.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !auth.startsWith("Bearer ") || !tokens.issued(auth.substring(7))) {
                    unauthorized.incrementAndGet();
                    error(x, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
                    return;
                }
                authorized.incrementAndGet();
            }
            handle(x);
        } catch (RuntimeException | IOException e) {
            faults.add(x.getRequestMethod() + " " + x.getRequestURI() + ": " + e);
            try {
                error(x, 500, "INTERNAL", e.toString());
            } catch (IOException | RuntimeException ignored) {
                // headers already sent
            }
        }
    }

    abstract void handle(HttpExchange x) throws IOException;

    static Map<String, String> query(HttpExchange x) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw == null) return q;
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            q.put(k, eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    static JsonNode body(HttpExchange x) throws IOException {
        byte[] b = x.getRequestBody().readAllBytes();
        return b.length == 0 ? JSON.createObjectNode() : JSON.readTree(b);
    }

    static void json(HttpExchange x, int status, JsonNode body) throws IOException {
        send(x, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        if (type != null) x.getResponseHeaders().set("Content-Type", type);
        if (status == 204) {
            x.sendResponseHeaders(204, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** Google's error shape. */
    static void error(HttpExchange x, int status, String code, String message) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("code", status).put("message", message).put("status", code);
        json(x, status, e);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
