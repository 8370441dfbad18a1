package org.aegisml.policy.internal;

import static org.aegisml.policy.internal.Fixtures.ADMIN;
import static org.aegisml.policy.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Policies read what live traffic did: the {@code monitoring} variable from the summaries. */
class MonitoringPolicyTest {

    @BeforeAll
    static void runtime() throws Exception {
        Fixtures.runtime();
    }

    /** {@code errors} failed and {@code ok} successful calls of version 1 of {@code model}, 30 minutes ago. */
    private static void traffic(String model, int errors, int ok) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < errors + ok; i++) {
            b.append("{\"event_id\":\"").append(UUID.randomUUID()).append("\",\"model_id\":\"").append(model)
                    .append("\",\"model_version\":1,\"timestamp\":\"").append(at.plusMillis(i)).append("\",\"latency_ms\":")
                    .append(10 + i).append(",\"status\":\"").append(i < errors ? "error" : "ok").append("\"}\n");
        }
        IngestReport r = TestRuntime.service(Monitoring.class)
                .ingestJson(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(errors + ok, r.accepted(), r.toString());
    }

    @Test
    void aPromotionIsDeniedWhileTheVersionFailsTooOftenInProduction() {
        String name = Fixtures.unique("error-budget");
        String flaky = Fixtures.model();
        String steady = Fixtures.model();
        String quiet = Fixtures.model();
        traffic(flaky, 4, 6);
        traffic(steady, 0, 10);
        Fixtures.policies().save(name, "yaml", "points: [promotion]\nrules:\n"
                + "  - name: error-budget\n"
                + "    when: \"to == 'staging' && (asset.name == '" + flaky + "' || asset.name == '" + steady + "' || asset.name == '"
                + quiet + "')"
                + " && (monitoring.count == 0 || monitoring.error_rate > 0.02 || monitoring.drift.alerts > 0)\"\n"
                + "    effect: deny\n"
                + "    reason: '${monitoring.errors} of ${monitoring.count} calls failed in ${monitoring.window_hours} h'\n",
                true, ADMIN);
        try {
            Decision d = Fixtures.engine().decide(DecisionPoint.PROMOTION, Map.of("to", "staging", "asset",
                    Map.of("name", flaky, "type", "model"), "version", Map.of("ref", "models/" + flaky + "/1")), OPERATOR);
            assertEquals(Effect.DENY, d.effect(), d.toString());
            assertEquals(name + "/error-budget: 4 of 10 calls failed in 24 h", d.reason());
            assertTrue(d.errors().isEmpty(), d.errors().toString());

            PromotionDeniedException denied = assertThrows(PromotionDeniedException.class, () -> Fixtures.registry()
                    .transition(new VersionRef(AssetType.MODEL, flaky, 1), Stage.STAGING, "try it", OPERATOR));
            assertTrue(denied.getMessage().contains("4 of 10 calls failed"), denied.getMessage());
            assertThrows(PromotionDeniedException.class, () -> Fixtures.registry()
                    .transition(new VersionRef(AssetType.MODEL, quiet, 1), Stage.STAGING, "try it", OPERATOR),
                    "a version nobody called has no error rate: the rule says what to do then");
            assertEquals(Stage.STAGING, Fixtures.registry()
                    .transition(new VersionRef(AssetType.MODEL, steady, 1), Stage.STAGING, "try it", OPERATOR).to());
        } finally {
            Fixtures.policies().delete(name, ADMIN);
        }
    }

    @Test
    void theVariableHoldsTheSummaryOfTheWindow() {
        String model = Fixtures.model();
        traffic(model, 1, 3);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) TestRuntime.service(org.aegisml.api.policy.PolicyContextProvider.class,
                "(component.name=org.aegisml.monitoring.internal.MonitoringFacts)")
                .provide(DecisionPoint.PROMOTION, Map.of("version", Map.of("ref", "models/" + model + "/1")));
        assertEquals(4L, ((Number) m.get("count")).longValue(), m.toString());
        assertEquals(1L, ((Number) m.get("errors")).longValue(), m.toString());
        assertEquals(0.25, (Double) m.get("error_rate"), 1e-9, m.toString());
        assertTrue((Double) m.get("latency_p99") >= 12, m.toString());
        assertEquals(null, m.get("injection_rate"), "no LLM calls, no rate");
        assertEquals(null, ((Map<?, ?>) m.get("drift")).get("status"), "no baseline, no drift verdict");
        assertEquals(null, TestRuntime.service(org.aegisml.api.policy.PolicyContextProvider.class,
                "(component.name=org.aegisml.monitoring.internal.MonitoringFacts)")
                .provide(DecisionPoint.PROMOTION, Map.of("version", Map.of("ref", "prompts/p/1"))), "prompts have no traffic of their own");
    }
}
