package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;

import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/** What was acknowledged survives a restart; what was tampered with is found. */
class DurabilityTest {

    @Test
    void aRestartKeepsAllData() throws Exception {
        Http http = Fixtures.server();
        String model = Fixtures.createModel(http);
        byte[] bytes = "weights".getBytes();
        assertEquals(201, Fixtures.uploadVersion(http, model, bytes).status());
        assertEquals(200, http.put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":1}").status());
        long entries = Fixtures.auditEntries(http);

        // Stop the whole service stack (server, registry, store: the database is closed) and start it again.
        String[] stack = { "org.aegisml.server", "org.aegisml.registry", "org.aegisml.store" };
        for (String b : stack) TestRuntime.bundle(b).stop();
        for (String b : stack) assertEquals(Bundle.RESOLVED, TestRuntime.bundle(b).getState());
        for (int i = stack.length - 1; i >= 0; i--) TestRuntime.bundle(stack[i]).start();
        TestRuntime.awaitHealthy(http);

        JsonNode m = http.get("/api/v1/models/" + model).json();
        assertEquals(1, m.get("latest_version").asInt());
        assertEquals(1, m.get("aliases").get("champion").asInt());
        assertArrayEquals(bytes, http.get("/api/v1/models/" + model + "/versions/1/artifact").body());
        assertEquals(entries, Fixtures.auditEntries(http));
        assertTrue(http.get("/api/v1/audit/verify").json().get("valid").asBoolean());
        // The admin key still works (it was not re-created) and numbering continues.
        assertEquals(2, Fixtures.uploadVersion(http, model, "more".getBytes()).json().get("version").asInt());
    }

    @Test
    void aTamperedAuditRowIsDetectedAndNamed() throws Exception {
        Http http = Fixtures.server();
        String model = Fixtures.createModel(http);
        JsonNode entry = http.get("/api/v1/audit?target=models/" + model).json().get("items").get(0);
        long seq = entry.get("seq").asLong();
        try (Connection c = TestRuntime.rawConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_entry SET after_json = ? WHERE seq = ?")) {
                ps.setString(1, "{\"forged\":true}");
                ps.setLong(2, seq);
                assertEquals(1, ps.executeUpdate());
            }
            try {
                JsonNode v = http.get("/api/v1/audit/verify").json();
                assertFalse(v.get("valid").asBoolean(), v.toString());
                assertEquals(seq, v.get("first_bad_seq").asLong(), v.toString());
                assertTrue(v.get("reason").asText().contains("altered"), v.toString());
            } finally {
                try (PreparedStatement ps = c.prepareStatement("UPDATE audit_entry SET after_json = ? WHERE seq = ?")) {
                    ps.setString(1, entry.get("after").asText());
                    ps.setLong(2, seq);
                    ps.executeUpdate();
                }
            }
        }
        assertTrue(http.get("/api/v1/audit/verify").json().get("valid").asBoolean());
    }
}
