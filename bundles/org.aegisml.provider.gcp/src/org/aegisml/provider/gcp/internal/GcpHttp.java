package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Calls Google's REST APIs with an access token from {@link Adc} and maps their errors
 * ({@code {"error":{"code","message","status"}}}) to AegisML's exceptions: 400 a
 * {@link ValidationException}, 404 {@link NotFoundException}, 409 and 412
 * {@link ConflictException}, and refused credentials, quota, 5xx or no answer at all
 * {@link UnavailableException}. Google's message is kept; the token never appears.
 */
final class GcpHttp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Adc adc;
    private final HttpClient client;
    private final Duration timeout;

    GcpHttp(Adc adc, Duration timeout) {
        this.adc = adc;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A status and a body, for callers that treat some statuses (404, 412) as answers. */
    record Reply<T>(int status, T body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    JsonNode get(String url, String what) {
        return json(send("GET", url, null, null, BodyHandlers.ofByteArray()), what);
    }

    JsonNode post(String url, JsonNode body, String what) {
        return json(send("POST", url, body(body), "application/json", BodyHandlers.ofByteArray()), what);
    }

    JsonNode patch(String url, JsonNode body, String what) {
        return json(send("PATCH", url, body(body), "application/json", BodyHandlers.ofByteArray()), what);
    }

    JsonNode delete(String url, String what) {
        return json(send("DELETE", url, null, null, BodyHandlers.ofByteArray()), what);
    }

    <T> Reply<T> send(String method, String url, BodyPublisher body, String contentType,
            HttpResponse.BodyHandler<T> handler) {
        return send(method, url, body, contentType, handler, timeout);
    }

    /**
     * Sends with the bearer token; only failing to get a token or to reach the server throws.
     * {@code timeout} bounds the time until the answer's headers, so an upload's must cover sending its body.
     */
    <T> Reply<T> send(String method, String url, BodyPublisher body, String contentType,
            HttpResponse.BodyHandler<T> handler, Duration timeout) {
        String token;
        try {
            token = adc.token();
        } catch (IOException e) {
            throw new UnavailableException("credentials", "no usable Google Cloud credentials: " + e.getMessage(), e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? BodyPublishers.noBody() : body);
        if (contentType != null) b.header("Content-Type", contentType);
        try {
            HttpResponse<T> r = client.send(b.build(), handler);
            return new Reply<>(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UnavailableException(null, "cannot reach " + host(url) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(null, "interrupted while calling " + host(url), e);
        }
    }

    Duration timeout() {
        return timeout;
    }

    /** Refuses new calls at once and lets calls in flight finish: a framework callback must not wait for them. */
    @Override
    public void close() {
        client.shutdown();
    }

    private static BodyPublisher body(JsonNode body) {
        try {
            return BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Reply<byte[]> r, String what) {
        if (!r.ok()) throw failure(r.status(), r.body(), what);
        if (r.body().length == 0) return MissingNode.getInstance();
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UnavailableException(null, what + ": the answer is not JSON", e);
        }
    }

    /** Reads a streamed error body (at most 64 KiB) into {@link #failure}. */
    static RuntimeException failure(int status, InputStream body, String what) {
        try (body) {
            return failure(status, body.readNBytes(64 * 1024), what);
        } catch (IOException e) {
            return failure(status, new byte[0], what);
        }
    }

    static RuntimeException failure(int status, byte[] body, String what) {
        String message = errorMessage(body);
        String text = what + ": " + status + (message.isEmpty() ? "" : " " + message);
        return switch (status) {
            case 400 -> new ValidationException(null, text);
            case 404 -> new NotFoundException(null, text);
            case 409, 412 -> new ConflictException(null, text);
            case 401, 403 -> new UnavailableException("credentials", text + " (Google Cloud refused the credentials)");
            default -> new UnavailableException(null, text);
        };
    }

    /** Google's {@code error.status} and {@code error.message}, or the start of a body that is not such JSON. */
    static String errorMessage(byte[] body) {
        if (body == null || body.length == 0) return "";
        try {
            JsonNode e = JSON.readTree(body).path("error");
            if (e.isObject()) return (e.path("status").asText("") + " " + e.path("message").asText("")).strip();
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through
        }
        String s = new String(body, StandardCharsets.UTF_8).strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String host(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getAuthority();
    }
}
