package org.aegisml.server.internal;

import static org.aegisml.server.internal.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegisml.testing.Http;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** API keys and roles: 401 without a valid key, 403 with too small a role. */
class SecurityTest {

    private static String issue(Http admin, String role) {
        Http.Response r = admin.post("/api/v1/keys", "{\"name\":\"" + Fixtures.unique(role) + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.status(), r.toString());
        assertEquals("no-store", r.header("Cache-Control"));
        String key = r.json().get("key").asText();
        assertTrue(key.startsWith("aegis_") && key.length() > 40, key);
        return key;
    }

    @Test
    void noKeyOrUnknownKeyIs401() throws Exception {
        Http admin = Fixtures.server();
        Http.Response r = admin.as(null).get("/api/v1/models");
        problem(r, 401, null);
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
        problem(admin.as("aegis_not-a-key-at-all-xxxxxxxxxxxx").get("/api/v1/models"), 401, null);
        problem(admin.as(null).get("/api/v1/openapi.json"), 401, null);
        // Health and metrics are open to probes and scrapers.
        assertEquals(200, admin.as(null).get("/healthz").status());
        assertEquals(200, admin.as(null).get("/metrics").status());
    }

    @Test
    void rolesAreEnforced() throws Exception {
        Http admin = Fixtures.server();
        Http viewer = admin.as(issue(admin, "viewer"));
        Http operator = admin.as(issue(admin, "operator"));
        Http approver = admin.as(issue(admin, "approver"));
        assertEquals(200, viewer.get("/api/v1/models").status());
        problem(viewer.post("/api/v1/models", "{\"name\":\"" + Fixtures.unique("v") + "\",\"kind\":\"ml\"}"), 403, null);
        assertEquals(201, operator.post("/api/v1/models", "{\"name\":\"" + Fixtures.unique("o") + "\",\"kind\":\"ml\"}")
                .status());
        assertEquals(201, approver.post("/api/v1/models", "{\"name\":\"" + Fixtures.unique("a") + "\",\"kind\":\"ml\"}")
                .status());
        problem(operator.get("/api/v1/keys"), 403, null);
        problem(approver.post("/api/v1/keys", "{\"name\":\"x\",\"role\":\"admin\"}"), 403, null);
        JsonNode audit = admin.get("/api/v1/audit?action=model.create&size=5").json().get("items");
        assertNotNull(audit.get(0).get("actor").asText());
    }

    @Test
    void keysAreShownOnceAndRevocationTakesEffectAtOnce() throws Exception {
        Http admin = Fixtures.server();
        String secret = issue(admin, "operator");
        Http op = admin.as(secret);
        assertEquals(200, op.get("/api/v1/models").status());
        for (JsonNode k : admin.get("/api/v1/keys").json().get("items")) {
            assertFalse(k.has("key"), "a listed key shows its secret");
            assertFalse(k.toString().contains(secret));
        }
        Http.Response revoked = admin.delete("/api/v1/keys/" + findId(admin, secret));
        assertEquals(200, revoked.status(), revoked.toString());
        assertFalse(revoked.json().get("active").asBoolean());
        problem(op.get("/api/v1/models"), 401, null);
        problem(admin.delete("/api/v1/keys/k_doesnotexist"), 404, "id");
    }

    /** The id of the key with this secret: the audit log names the key that acted, so act once and read it back. */
    private static String findId(Http admin, String secret) {
        Http op = admin.as(secret);
        String marker = Fixtures.unique("whoami");
        assertEquals(201, op.post("/api/v1/models", "{\"name\":\"" + marker + "\",\"kind\":\"ml\"}").status());
        String actor = admin.get("/api/v1/audit?target=models/" + marker).json().get("items").get(0).get("actor").asText();
        for (JsonNode k : admin.get("/api/v1/keys").json().get("items")) {
            if (k.get("name").asText().equals(actor)) return k.get("id").asText();
        }
        throw new AssertionError("no key named " + actor);
    }

    @Test
    void meNamesTheCallingKeyAndItsRoleButNeverItsSecret() throws Exception {
        Http admin = Fixtures.server();
        String name = Fixtures.unique("me");
        Http.Response issued = admin.post("/api/v1/keys", "{\"name\":\"" + name + "\",\"role\":\"approver\"}");
        assertEquals(201, issued.status(), issued.toString());
        String secret = issued.json().get("key").asText();
        Http.Response me = admin.as(secret).get("/api/v1/me");
        assertEquals(200, me.status(), me.toString());
        assertEquals(issued.json().get("id").asText(), me.json().get("id").asText(), me.toString());
        assertEquals(name, me.json().get("name").asText());
        assertEquals("approver", me.json().get("role").asText());
        assertEquals(3, me.json().size(), "id, name and role only: " + me);
        assertFalse(me.text().contains(secret));
        assertEquals("admin", admin.get("/api/v1/me").json().get("role").asText());
        problem(admin.as(null).get("/api/v1/me"), 401, null);
        problem(admin.as("aegis_not-a-key-at-all-xxxxxxxxxxxx").get("/api/v1/me"), 401, null);
    }

    @Test
    void theLastAdminKeyCannotBeRevoked() throws Exception {
        Http admin = Fixtures.server();
        JsonNode keys = admin.get("/api/v1/keys").json().get("items");
        long admins = 0;
        String adminId = null;
        for (JsonNode k : keys) {
            if (k.get("role").asText().equals("admin") && k.get("active").asBoolean()) {
                admins++;
                adminId = k.get("id").asText();
            }
        }
        if (admins == 1) problem(admin.delete("/api/v1/keys/" + adminId), 409, "id");
        problem(admin.post("/api/v1/keys", "{\"name\":\"x\",\"role\":\"root\"}"), 400, "role");
        problem(admin.post("/api/v1/keys", "{\"name\":\"\",\"role\":\"viewer\"}"), 400, "name");
    }
}
