package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every kind of bad input gets its status and a problem document, and writes nothing: no
 * asset, no version, no blob, no audit entry.
 */
class BadInputTest {
    Http http;
    String model;
    long audit;
    long blobs;

    @BeforeEach
    void setUp() throws Exception {
        http = Fixtures.server();
        model = Fixtures.createModel(http);
        assertEquals(201, Fixtures.uploadVersion(http, model, new byte[] { 1, 2, 3 }).status());
        audit = Fixtures.auditEntries(http);
        blobs = Fixtures.blobs();
    }

    private void nothingWritten() throws Exception {
        assertEquals(audit, Fixtures.auditEntries(http), "an audit entry was written");
        assertEquals(blobs, Fixtures.blobs(), "a blob was written");
        assertEquals(1, http.get("/api/v1/models/" + model).json().get("latest_version").asInt());
    }

    @Test
    void malformedJson() throws Exception {
        JsonNode p = problem(http.post("/api/v1/models", "{\"name\":\"x\","), 400, null);
        assertTrue(p.get("detail").asText().contains("malformed JSON"), p.toString());
        problem(http.post("/api/v1/models", "[1,2]"), 400, null);
        problem(http.post("/api/v1/models", "{\"name\":\"x\",\"kind\":\"ml\"} trailing"), 400, null);
        problem(http.post("/api/v1/models", ""), 400, null);
        nothingWritten();
    }

    @Test
    void wrongTypes() throws Exception {
        problem(http.post("/api/v1/models", "{\"name\":5,\"kind\":\"ml\"}"), 400, "name");
        problem(http.post("/api/v1/models", "{\"name\":\"x\",\"kind\":\"quantum\"}"), 400, "kind");
        problem(http.post("/api/v1/models", "{\"name\":\"x\",\"kind\":\"ml\",\"tags\":[\"a\"]}"), 400, "tags");
        problem(http.put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":\"1\"}"), 400, "version");
        problem(http.post("/api/v1/models/" + model + "/versions/1/stage", "{\"stage\":\"prod\"}"), 400, "stage");
        problem(Fixtures.uploadVersionWith(http, model, "{\"metrics\":{\"auc\":\"high\"}}"), 400, "metrics.auc");
        nothingWritten();
    }

    @Test
    void missingAndUnknownFields() throws Exception {
        problem(http.post("/api/v1/models", "{\"kind\":\"ml\"}"), 400, "name");
        problem(http.post("/api/v1/models", "{\"name\":\"" + Fixtures.unique("m") + "\"}"), 400, "kind");
        problem(http.post("/api/v1/models", "{\"name\":\"x\",\"kind\":\"ml\",\"colour\":\"red\"}"), 400, "colour");
        problem(http.put("/api/v1/models/" + model + "/aliases/champion", "{}"), 400, "version");
        problem(http.post("/api/v1/models/" + model + "/versions/1/stage", "{\"reason\":\"x\"}"), 400, "stage");
        problem(http.multipart("/api/v1/models/" + model + "/versions",
                List.of(Http.Part.json("metadata", "{}"))), 400, "artifact");
        problem(http.multipart("/api/v1/models/" + model + "/versions",
                List.of(Http.Part.file("artifact", "m.bin", new byte[] { 9 }))), 400, "metadata");
        problem(http.post("/api/v1/lineage", "{\"from\":\"models/" + model + "/1\",\"relation\":\"uses\"}"), 400, "to");
        problem(http.post("/api/v1/models", "{\"name\":\"bad name!\",\"kind\":\"ml\"}"), 400, "name");
        nothingWritten();
    }

    @Test
    void unknownResources() throws Exception {
        problem(http.get("/api/v1/models/" + Fixtures.unique("nope")), 404, "name");
        problem(http.get("/api/v1/models/" + model + "/versions/7"), 404, "version");
        problem(http.get("/api/v1/models/" + model + "/versions/7/artifact"), 404, "version");
        problem(http.get("/api/v1/models/" + model + "/aliases/ghost"), 404, "alias");
        problem(http.get("/api/v1/gadgets"), 404, null);
        problem(Fixtures.uploadVersion(http, Fixtures.unique("nope"), new byte[] { 7, 7, 7 }), 404, "name");
        problem(http.put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":9}"), 404, "version");
        problem(http.post("/api/v1/lineage", "{\"from\":\"models/" + model + "/1\",\"to\":\"models/" + model
                + "/5\",\"relation\":\"parent_of\"}"), 404, "to");
        problem(http.get("/api/v1/models/" + model + "/versions/abc"), 400, "version");
        nothingWritten();
    }

    @Test
    void duplicatesAndForbiddenTransitions() throws Exception {
        JsonNode p = problem(http.post("/api/v1/models", "{\"name\":\"" + model + "\",\"kind\":\"llm\"}"), 409, "name");
        assertTrue(p.get("detail").asText().contains("already exists"), p.toString());
        problem(http.post("/api/v1/models/" + model + "/versions/1/stage", "{\"stage\":\"production\"}"), 409, "stage");
        nothingWritten();
    }

    @Test
    void tooLarge() throws Exception {
        String big = "{\"name\":\"x\",\"kind\":\"ml\",\"description\":\"" + "a".repeat(70 * 1024) + "\"}";
        problem(http.post("/api/v1/models", big), 413, null);
        Http.Response r = Fixtures.uploadVersion(http, model, new byte[(1 << 20) + 1]);
        problem(r, 413, "artifact");
        nothingWritten();
    }

    @Test
    void wrongContentType() throws Exception {
        problem(http.send("POST", "/api/v1/models", "text/plain", "{\"name\":\"x\",\"kind\":\"ml\"}"
                .getBytes(StandardCharsets.UTF_8)), 415, null);
        problem(http.post("/api/v1/models/" + model + "/versions", "{\"framework\":\"x\"}"), 415, null);
        problem(http.send("PUT", "/api/v1/models/" + model + "/aliases/a", null, "{\"version\":1}"
                .getBytes(StandardCharsets.UTF_8)), 415, null);
        nothingWritten();
    }

    @Test
    void methodNotAllowed() throws Exception {
        Http.Response r = http.send("PATCH", "/api/v1/models", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        problem(r, 405, null);
        assertTrue(r.header("Allow").contains("GET") && r.header("Allow").contains("POST"), r.header("Allow"));
        nothingWritten();
    }

    @Test
    void invalidLineage() throws Exception {
        problem(http.post("/api/v1/lineage", "{\"from\":\"models/" + model + "/1\",\"to\":\"models/" + model
                + "/1\",\"relation\":\"parent_of\"}"), 400, "to");
        problem(http.post("/api/v1/lineage", "{\"from\":\"models/" + model + "/1\",\"to\":\"models/" + model
                + "/1\",\"relation\":\"friend_of\"}"), 400, "relation");
        problem(http.post("/api/v1/lineage", "{\"from\":\"banana\",\"to\":\"models/" + model
                + "/1\",\"relation\":\"uses\"}"), 400, "from");
        problem(http.get("/api/v1/lineage/models/" + model + "/1?direction=sideways"), 400, "direction");
        problem(http.get("/api/v1/lineage/models/" + model + "/1?depth=0"), 400, "depth");
        nothingWritten();
    }

    @Test
    void badPaging() throws Exception {
        problem(http.get("/api/v1/models?page=0"), 400, "page");
        problem(http.get("/api/v1/models?size=501"), 400, "size");
        problem(http.get("/api/v1/models?size=ten"), 400, "size");
        problem(http.get("/api/v1/audit?from=yesterday"), 400, "from");
        nothingWritten();
    }
}
