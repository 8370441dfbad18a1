package org.aegisml.store.internal;

import static org.aegisml.store.internal.DeploymentFixtures.fullSpec;
import static org.aegisml.store.internal.DeploymentFixtures.modelTarget;
import static org.aegisml.store.internal.DeploymentFixtures.promptTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

/** The JSON columns of the deployment tables: exact round trips, readable text. */
class DeploymentJsonTest {
    @Test
    void durationsAndInstantsAreExactIsoText() {
        Duration d = Duration.ofSeconds(90, 123_456_789);
        assertEquals("\"PT1M30.123456789S\"", Json.write(d));
        assertEquals(d, Sql.read(Json.write(d), Duration.class));
        Instant i = Instant.parse("2026-11-22T10:15:30.123456789Z");
        assertEquals("\"2026-11-22T10:15:30.123456789Z\"", Json.write(i));
        assertEquals(i, Sql.read(Json.write(i), Instant.class));
        assertEquals(Duration.ZERO, Sql.read(Json.write(Duration.ZERO), Duration.class));
        Duration negative = Duration.ofMillis(-1500);
        assertEquals(negative, Sql.read(Json.write(negative), Duration.class));
    }

    @Test
    void specsAndTargetsRoundTrip() {
        RolloutSpec spec = fullSpec(modelTarget("churn", 4));
        String json = Json.write(spec);
        assertEquals(spec, Sql.read(json, RolloutSpec.class));
        for (Target t : List.of(modelTarget("churn", 3), promptTarget())) {
            String text = Json.write(t);
            // isPrompt() is derived, not stored.
            assertFalse(text.contains("\"prompt\""), text);
            assertEquals(t, Sql.read(text, Target.class));
        }
        assertTrue(Json.write(promptTarget()).contains("\"PT30S\""), "the default backend timeout is stored too");
    }

    @Test
    void measurementsKeepNullsAndDoubles() {
        List<Measurement> ms = List.of(new Measurement("r", "error_rate", 0.1 + 0.2, null, 3L, null, 1e-12,
                Verdict.INCONCLUSIVE, null));
        assertEquals(ms, Sql.read(Json.write(ms), new TypeReference<List<Measurement>>() {
        }));
    }

    @Test
    void nullIsSqlNullNotTheJsonLiteral() {
        assertEquals(null, Sql.json(null));
        assertEquals(null, Sql.read(null, Target.class));
    }
}
