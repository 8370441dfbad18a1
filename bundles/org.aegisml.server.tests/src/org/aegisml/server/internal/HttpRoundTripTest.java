package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The registry used the way a new user would, over HTTP only. */
class HttpRoundTripTest {

    @Test
    void modelVersionArtifactAliasStageLineageAudit() throws Exception {
        Http http = Fixtures.server();
        assertEquals("UP", http.get("/healthz").json().get("status").asText());

        String name = Fixtures.unique("churn");
        Http.Response created = http.post("/api/v1/models",
                "{\"name\":\"" + name + "\",\"kind\":\"ml\",\"description\":\"Churn\",\"tags\":{\"team\":\"risk\"}}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("/api/v1/models/" + name, created.header("Location"));
        assertEquals("ml", created.json().get("kind").asText());

        byte[] artifact = new byte[10 * 1024];
        new java.util.Random(42).nextBytes(artifact);
        Http.Response v = http.multipart("/api/v1/models/" + name + "/versions", List.of(
                Http.Part.json("metadata", "{\"framework\":\"xgboost\",\"format\":\"ubj\",\"params\":{\"depth\":6},"
                        + "\"metrics\":{\"auc\":0.93},\"tags\":{\"git\":\"abc123\"},"
                        + "\"signature\":[{\"name\":\"age\",\"type\":\"integer\"},{\"name\":\"plan\",\"type\":\"string\"}]}"),
                Http.Part.file("artifact", "model.ubj", artifact)));
        assertEquals(201, v.status(), v.toString());
        JsonNode version = v.json();
        assertEquals(1, version.get("version").asInt());
        assertEquals("none", version.get("stage").asText());
        assertEquals(0.93, version.get("metrics").get("auc").asDouble());
        assertEquals("plan", version.get("signature").get(1).get("name").asText());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        assertEquals(sha, version.get("artifact").get("sha256").asText());
        assertEquals(artifact.length, version.get("artifact").get("size").asLong());

        Http.Response download = http.get("/api/v1/models/" + name + "/versions/1/artifact");
        assertEquals(200, download.status());
        assertArrayEquals(artifact, download.body());
        assertEquals("\"sha256:" + sha + "\"", download.header("ETag"));

        Http.Response alias = http.put("/api/v1/models/" + name + "/aliases/champion", "{\"version\":1,\"reason\":\"best\"}");
        assertEquals(200, alias.status(), alias.toString());
        assertEquals(1, http.get("/api/v1/models/" + name + "/aliases/champion").json().get("version").asInt());
        assertEquals(1, http.get("/api/v1/models/" + name + "/aliases/latest").json().get("version").asInt());

        assertEquals(200, http.post("/api/v1/models/" + name + "/versions/1/stage", "{\"stage\":\"staging\"}").status());
        Http.Response prod = http.post("/api/v1/models/" + name + "/versions/1/stage",
                "{\"stage\":\"production\",\"reason\":\"canary passed\"}");
        assertEquals(200, prod.status(), prod.toString());
        JsonNode model = http.get("/api/v1/models/" + name).json();
        assertEquals(1, model.get("aliases").get("production").asInt());
        assertEquals(1, model.get("latest_version").asInt());
        JsonNode stages = http.get("/api/v1/models/" + name + "/versions/1/stages").json().get("items");
        assertEquals(2, stages.size());

        String ds = Fixtures.unique("train");
        assertEquals(201, http.post("/api/v1/datasets", "{\"name\":\"" + ds + "\"}").status());
        Http.Response dv = http.multipart("/api/v1/datasets/" + ds + "/versions", List.of(Http.Part.file("file",
                "train.csv", "age,plan,churned\n31,pro,0\n45,free,1\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(201, dv.status(), dv.toString());
        assertEquals(2, dv.json().get("row_count").asInt());
        assertEquals("csv", dv.json().get("format").asText());
        assertEquals(dv.json().get("artifact").get("sha256").asText(), dv.json().get("content_hash").asText());

        Http.Response edge = http.post("/api/v1/lineage", "{\"from\":\"datasets/" + ds + "/1\",\"to\":{\"type\":\"model\","
                + "\"name\":\"" + name + "\",\"version\":1},\"relation\":\"trained_on\"}");
        assertEquals(201, edge.status(), edge.toString());
        JsonNode up = http.get("/api/v1/lineage/models/" + name + "/1?direction=up").json().get("items");
        assertEquals(1, up.size());
        assertEquals(ds, up.get(0).get("name").asText());
        JsonNode down = http.get("/api/v1/lineage/datasets/" + ds + "/1?direction=down").json().get("items");
        assertEquals(name, down.get(0).get("name").asText());

        JsonNode trail = http.get("/api/v1/audit?target=models/" + name).json();
        assertTrue(trail.get("total").asInt() >= 5, trail.toString());
        JsonNode verify = http.get("/api/v1/audit/verify").json();
        assertTrue(verify.get("valid").asBoolean(), verify.toString());
    }

    @Test
    void promptsAreVersionedAsJson() throws Exception {
        Http http = Fixtures.server();
        String p = Fixtures.unique("support");
        assertEquals(201, http.post("/api/v1/prompts", "{\"name\":\"" + p + "\",\"description\":\"support bot\"}").status());
        Http.Response v = http.post("/api/v1/prompts/" + p + "/versions", "{\"template\":\"You help with {{product}}. "
                + "Q: {{question}}\",\"parameters\":{\"temperature\":0.2},\"commit_message\":\"first\"}");
        assertEquals(201, v.status(), v.toString());
        assertEquals(List.of("product", "question"), Http.JSON.convertValue(v.json().get("variables"), List.class));
        assertEquals("first", v.json().get("commit_message").asText());
        assertEquals(false, v.json().has("artifact"));
        Http.Response v2 = http.post("/api/v1/prompts/" + p + "/versions", "{\"template\":\"Be brief. {{question}}\"}");
        assertEquals(2, v2.json().get("version").asInt());
        assertEquals(2, http.get("/api/v1/prompts/" + p + "/versions").json().get("total").asInt());
        assertEquals("You help with {{product}}. Q: {{question}}",
                http.get("/api/v1/prompts/" + p + "/versions/1").json().get("template").asText());
    }

    @Test
    void listsArePaginatedAndFiltered() throws Exception {
        Http http = Fixtures.server();
        String tag = Fixtures.unique("team");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, http.post("/api/v1/models", "{\"name\":\"" + Fixtures.unique("llm") + "\",\"kind\":\"llm\","
                    + "\"tags\":{\"team\":\"" + tag + "\"}}").status());
        }
        JsonNode page1 = http.get("/api/v1/models?tag=team=" + tag + "&size=2&page=1").json();
        assertEquals(3, page1.get("total").asInt());
        assertEquals(2, page1.get("items").size());
        assertEquals(1, page1.get("page").asInt());
        assertEquals(2, page1.get("size").asInt());
        JsonNode page2 = http.get("/api/v1/models?tag=team=" + tag + "&size=2&page=2").json();
        assertEquals(1, page2.get("items").size());
        assertEquals(0, http.get("/api/v1/models?tag=team=" + tag + "&kind=ml").json().get("total").asInt());
        assertTrue(http.get("/api/v1/models?text=LLM-&kind=llm").json().get("total").asInt() >= 3);
    }
}
