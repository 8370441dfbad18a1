package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Policies over HTTP: saved as YAML or JSON, refused with the field named, versioned, dry-run, switched and deleted. */
class PoliciesHttpTest {
    static Http admin;

    @BeforeAll
    static void start() throws Exception {
        admin = Fixtures.server();
    }

    private static Http.Response putYaml(Http http, String name, String yaml) {
        return http.send("PUT", "/api/v1/policies/" + name, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPolicyIsSavedVersionedDryRunAndDeleted() {
        String name = Fixtures.unique("guard");
        String yaml = "description: no cards out\npoints: [gateway_response]\nrules:\n"
                + "  - name: cards\n    when: pii:has(output, 'credit_card')\n    effect: redact\n"
                + "    redact: [{detector: credit_card, replacement: '[CARD]'}]\n    reason: card in the answer\n";
        Http.Response saved = putYaml(admin, name, yaml);
        assertEquals(201, saved.status(), saved.toString());
        assertEquals("/api/v1/policies/" + name + "/versions/1", saved.header("Location").replace(admin.base(), ""));
        assertEquals(1, saved.json().get("version").asInt());
        assertEquals(yaml, saved.json().get("source").asText());

        Http.Response again = admin.send("PUT", "/api/v1/policies/" + name, "application/json",
                ("{\"points\":[\"gateway_response\"],\"rules\":[{\"name\":\"cards\",\"when\":\"pii:has(output, 'credit_card')\","
                        + "\"effect\":\"deny\",\"reason\":\"no cards\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, again.status(), again.toString());
        assertEquals(2, again.json().get("version").asInt());
        assertEquals(2, admin.get("/api/v1/policies/" + name + "/versions").json().get("items").size());
        assertEquals("redact", admin.get("/api/v1/policies/" + name + "/versions/1").json().at("/rules/0/effect").asText());

        Http.Response dry = admin.post("/api/v1/policies/" + name + "/dry-run",
                "{\"point\":\"gateway_response\",\"context\":{\"output\":\"4111 1111 1111 1111\"}}");
        assertEquals(200, dry.status(), dry.toString());
        assertEquals("deny", dry.json().get("effect").asText());
        assertEquals("no cards", dry.json().at("/matches/0/reason").asText());
        Http.Response draft = admin.post("/api/v1/policies/" + name + "/dry-run",
                "{\"point\":\"gateway_response\",\"source\":" + Http.JSON.valueToTree(yaml) + ",\"context\":{\"output\":\"x 4111111111111111\"}}");
        assertEquals("redact", draft.json().get("effect").asText(), draft.toString());
        assertEquals("[CARD]", draft.json().at("/redactions/0/replacement").asText());

        assertEquals(200, admin.post("/api/v1/policies/" + name + "/disable", "{}").status());
        assertEquals(false, admin.get("/api/v1/policies/" + name).json().get("enabled").asBoolean());
        assertEquals(204, admin.delete("/api/v1/policies/" + name).status());
        Fixtures.problem(admin.get("/api/v1/policies/" + name), 404, "name");
    }

    @Test
    void badPoliciesAreRefusedWithTheFieldAndNeverSaved() {
        String name = Fixtures.unique("bad");
        JsonNode unknown = Fixtures.problem(putYaml(admin, name, "points: [promotion]\nrules:\n"
                + "  - {name: r, when: \"versoin.ref == 'x'\", effect: deny}\n"), 400, "rules[0].when");
        assertTrue(unknown.get("detail").asText().contains("unknown variable 'versoin'"), unknown.toString());
        Fixtures.problem(putYaml(admin, name, "points: [promotion]\nrules:\n  - {name: r, when: 'to ==', effect: deny}\n"), 400,
                "rules[0].when");
        Fixtures.problem(putYaml(admin, name, "points: [promotion\n"), 400, "source");
        Fixtures.problem(admin.send("PUT", "/api/v1/policies/" + name, "application/xml", "<p/>".getBytes(StandardCharsets.UTF_8)),
                415, null);
        Fixtures.problem(admin.get("/api/v1/policies/" + name), 404, "name");
        Fixtures.problem(admin.post("/api/v1/policies/" + name + "/dry-run", "{\"point\":\"lunch\"}"), 400, "point");
    }

    @Test
    void onlyAdminsSavePolicies() {
        Http.Response k = admin.post("/api/v1/keys", "{\"name\":\"" + Fixtures.unique("op") + "\",\"role\":\"operator\"}");
        Http operator = admin.as(k.json().get("key").asText());
        Fixtures.problem(putYaml(operator, Fixtures.unique("op"), "points: [promotion]\nrules: [{name: r, when: 'true', effect: deny}]"),
                403, null);
        assertEquals(200, operator.get("/api/v1/policies").status());
    }
}
