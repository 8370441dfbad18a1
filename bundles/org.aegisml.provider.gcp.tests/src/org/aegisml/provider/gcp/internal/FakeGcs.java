package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Cloud Storage's JSON API for one bucket: media upload with the {@code ifGenerationMatch}
 * precondition (412 when it does not hold), object metadata, {@code alt=media} download and
 * delete. Object names arrive percent-encoded in the path, {@code /} included.
 */
final class FakeGcs extends Fake {
    static final String BUCKET = "aegis-artifacts";
    record StoredObject(byte[] bytes, long generation) {
    }

    final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
    final AtomicInteger uploads = new AtomicInteger();
    final AtomicInteger preconditionFailures = new AtomicInteger();
    final AtomicInteger downloads = new AtomicInteger();

    FakeGcs(FakeToken tokens) throws IOException {
        super(tokens);
    }

    /** Puts an object behind the store's back, as another server would have. */
    void put(String name, byte[] bytes) {
        objects.put(name, new StoredObject(bytes, generations.incrementAndGet()));
    }

    @Override
    synchronized void handle(HttpExchange x) throws IOException {
        String raw = x.getRequestURI().getRawPath();
        String method = x.getRequestMethod();
        Map<String, String> q = query(x);
        String upload = "/upload/storage/v1/b/" + BUCKET + "/o";
        String object = "/storage/v1/b/" + BUCKET + "/o/";
        if (raw.equals(upload) && method.equals("POST")) {
            if (!"media".equals(q.get("uploadType")) || q.getOrDefault("name", "").isEmpty()) {
                error(x, 400, "INVALID_ARGUMENT", "uploadType=media and name are required");
                return;
            }
            uploads.incrementAndGet();
            byte[] bytes = x.getRequestBody().readAllBytes();
            String name = q.get("name");
            StoredObject existing = objects.get(name);
            String match = q.get("ifGenerationMatch");
            if (match != null && (match.equals("0") ? existing != null
                    : existing == null || existing.generation() != Long.parseLong(match))) {
                preconditionFailures.incrementAndGet();
                error(x, 412, "FAILED_PRECONDITION", "At least one of the pre-conditions you specified did not hold.");
                return;
            }
            StoredObject o = new StoredObject(bytes, generations.incrementAndGet());
            objects.put(name, o);
            json(x, 200, metadata(name, o));
            return;
        }
        if (raw.startsWith(object)) {
            String name = URLDecoder.decode(raw.substring(object.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            StoredObject o = objects.get(name);
            if (o == null) {
                error(x, 404, "NOT_FOUND", "No such object: " + BUCKET + "/" + name);
                return;
            }
            switch (method) {
                case "GET" -> {
                    if ("media".equals(q.get("alt"))) {
                        downloads.incrementAndGet();
                        send(x, 200, "application/octet-stream", o.bytes());
                    } else {
                        json(x, 200, metadata(name, o));
                    }
                }
                case "DELETE" -> {
                    objects.remove(name);
                    send(x, 204, null, new byte[0]);
                }
                default -> error(x, 405, "UNIMPLEMENTED", method);
            }
            return;
        }
        error(x, 404, "NOT_FOUND", "Not Found: " + raw);
    }

    private static ObjectNode metadata(String name, StoredObject o) {
        return JSON.createObjectNode().put("kind", "storage#object").put("bucket", BUCKET).put("name", name)
                .put("size", Long.toString(o.bytes().length)).put("generation", Long.toString(o.generation()))
                .put("metageneration", "1").put("contentType", "application/octet-stream");
    }
}
