package org.aegisml.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for end-to-end tests: calls the API the way an outside client would. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A received response; {@link #json()} parses the body. */
    public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    /** One multipart/form-data part. */
    public record Part(String name, String filename, String contentType, byte[] content) {
        public static Part json(String name, String json) {
            return new Part(name, null, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String filename, byte[] content) {
            return new Part(name, filename, "application/octet-stream", content);
        }
    }

    private final String base;
    private final String key;

    public Http(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public Http as(String otherKey) {
        return new Http(base, otherKey);
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response post(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json").POST(body(json)));
    }

    public Response put(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json").PUT(body(json)));
    }

    public Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = builder(path);
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response multipart(String path, List<Part> parts) {
        String boundary = "aegis" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Part p : parts) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                        + (p.filename() == null ? "" : "; filename=\"" + p.filename() + "\"") + "\r\nContent-Type: "
                        + p.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(p.content());
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return send("POST", path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return b;
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
    }

    private static Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
