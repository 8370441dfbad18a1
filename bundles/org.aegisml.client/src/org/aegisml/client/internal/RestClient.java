package org.aegisml.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP side of a connection: one {@link HttpClient} (HTTP/1.1, {@value #CONNECT_SECONDS} s to
 * connect, {@value #REQUEST_SECONDS} s per request) that sends the key as a bearer token, reads
 * JSON answers and turns problem answers into the API's exceptions ({@link Problems}).
 * Thread-safe. The key lives in this object only: it is never logged, and {@link #toString()}
 * names the server alone.
 */
public final class RestClient implements AutoCloseable {
    static final int CONNECT_SECONDS = 3;
    static final int REQUEST_SECONDS = 30;
    /** A health probe must not hold a console's refresh for the full request timeout. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    static final String JSON = "application/json";

    private final URI server;
    private final String base;
    private final String key;
    private final HttpClient http;
    private volatile boolean closed;

    RestClient(URI server, String key) {
        this.server = server;
        String s = server.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.key = key;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI server() {
        return server;
    }

    JsonNode get(String path) {
        return json("GET", path, BodyPublishers.noBody(), null);
    }

    JsonNode delete(String path) {
        return json("DELETE", path, BodyPublishers.noBody(), null);
    }

    /** Sends {@code body} (any value Jackson writes; null: no body) as JSON and reads the JSON answer (null for 204). */
    JsonNode send(String method, String path, Object body) {
        if (body == null) return json(method, path, BodyPublishers.noBody(), null);
        try {
            return json(method, path, BodyPublishers.ofByteArray(Wire.MAPPER.writeValueAsBytes(body)), JSON);
        } catch (JsonProcessingException e) {
            throw new ValidationException(null, "cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Sends a body of any type and reads the JSON answer (null for 204). */
    JsonNode json(String method, String path, BodyPublisher body, String contentType) {
        HttpResponse<byte[]> r = exchange(method, path, body, contentType, BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) throw Problems.exception(r.statusCode(), r.body(), method + " " + path);
        if (r.body().length == 0) return null;
        try {
            return Wire.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UnavailableException(null, "the answer to " + method + " " + path + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** Opens a streamed answer (an artifact); the caller closes it. */
    InputStream open(String path) {
        HttpResponse<InputStream> r = exchange("GET", path, BodyPublishers.noBody(), null, BodyHandlers.ofInputStream());
        if (r.statusCode() / 100 == 2) return r.body();
        byte[] problem;
        try (InputStream in = r.body()) {
            problem = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            problem = new byte[0];
        }
        throw Problems.exception(r.statusCode(), problem, "GET " + path);
    }

    /** Whether {@code GET /healthz} answers 200 now; never throws. */
    boolean healthy() {
        if (closed) return false;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(PROBE_TIMEOUT).GET().build();
            return http.send(req, BodyHandlers.discarding()).statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private <T> HttpResponse<T> exchange(String method, String path, BodyPublisher body, String contentType,
            BodyHandler<T> handler) {
        if (closed) throw new UnavailableException(null, "the connection to " + server + " is closed");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(REQUEST_SECONDS)).header("Accept", JSON)
                .header("Authorization", "Bearer " + key).method(method, body);
        if (contentType != null) b.header("Content-Type", contentType);
        try {
            return http.send(b.build(), handler);
        } catch (HttpTimeoutException e) {
            throw new UnavailableException(null, server + " did not answer " + method + " " + path + " in time ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UnavailableException(null, "cannot reach " + server + " (" + method + " " + path + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(null, "interrupted while waiting for " + server, e);
        }
    }

    /**
     * One path segment, percent-encoded; a missing value is refused here, naming the argument,
     * rather than becoming a path the server does not know.
     */
    static String seg(String field, String value) {
        if (value == null || value.isBlank()) throw new ValidationException(field, field + " is required");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    boolean closed() {
        return closed;
    }

    /** Refuses every later call; calls in flight are cut off. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "RestClient[" + server + "]";
    }
}
