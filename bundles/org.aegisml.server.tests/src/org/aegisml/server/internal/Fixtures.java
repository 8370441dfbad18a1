package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;

import com.fasterxml.jackson.databind.JsonNode;

/** What the end-to-end tests share: the running server, names, and counts of what was written. */
final class Fixtures {
    private Fixtures() {
    }

    static Http server() throws Exception {
        return TestRuntime.ensureServer();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createModel(Http http) {
        String name = unique("model");
        Http.Response r = http.post("/api/v1/models", "{\"name\":\"" + name + "\",\"kind\":\"ml\"}");
        assertEquals(201, r.status(), r.toString());
        return name;
    }

    static Http.Response uploadVersion(Http http, String model, byte[] artifact) {
        return http.multipart("/api/v1/models/" + model + "/versions", List.of(
                Http.Part.json("metadata", "{\"framework\":\"sklearn\",\"format\":\"pickle\"}"),
                Http.Part.file("artifact", "model.pkl", artifact)));
    }

    static Http.Response uploadVersionWith(Http http, String model, String metadata) {
        return http.multipart("/api/v1/models/" + model + "/versions", List.of(Http.Part.json("metadata", metadata),
                Http.Part.file("artifact", "model.pkl", UUID.randomUUID().toString().getBytes())));
    }

    static long auditEntries(Http http) {
        return http.get("/api/v1/audit?size=1").json().get("total").asLong();
    }

    static long blobs() throws Exception {
        Path dir = TestRuntime.dataDir().resolve("artifacts").resolve("sha256");
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /** Asserts an RFC 9457 problem document with this status (and field, when given). */
    static JsonNode problem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r.toString());
        assertEquals("application/problem+json", r.header("Content-Type"), r.toString());
        JsonNode p = r.json();
        assertEquals(status, p.get("status").asInt());
        assertEquals(true, p.hasNonNull("title"));
        assertEquals(true, p.hasNonNull("detail"), r.toString());
        if (field != null) assertEquals(field, p.path("field").asText(null), r.toString());
        return p;
    }
}
