package org.aegisml.gateway.internal;

import static org.aegisml.gateway.internal.Fixtures.OPERATOR;
import static org.aegisml.gateway.internal.Fixtures.await;
import static org.aegisml.gateway.internal.Fixtures.invoke;
import static org.aegisml.gateway.internal.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.ShadowReport;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.testing.Http;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway driven by the real deployment service (org.aegisml.deployment): routing arrives
 * through its listener calls and the store, rollouts set the weights, and shadow comparisons
 * end up in the rollout's shadow report.
 */
class RealDeploymentsTest {
    static ModelServer v1, v2;
    static Deployments deployments;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
        // The other test classes route by an in-memory service ranked above the real one.
        TestDeployments.unregister();
        deployments = TestRuntime.service(Deployments.class);
        assertTrue(deployments.getClass().getName().startsWith("org.aegisml.deployment."), deployments.getClass().getName());
        v1 = ModelServer.start("real-v1");
        v2 = ModelServer.start("real-v2");
    }

    @AfterAll
    static void stop() {
        v1.close();
        v2.close();
    }

    static Target target(String model, int version, ModelServer s) {
        return new Target(Fixtures.modelVersion(model, version), json(s.predictUrl(), Duration.ofSeconds(5), 1), null);
    }

    static String server(GatewayResponse r) throws Exception {
        return Http.JSON.readTree(r.body()).get("server").asText();
    }

    /** A shadow decides from analysis, so it needs a rule; the 5 minute interval keeps it from running during the test. */
    static final AnalysisRule ERRORS = new AnalysisRule("errors", "error_rate", Bound.MAX, 0.5, false, null, 5);

    static RolloutSpec spec(Strategy strategy, Target candidate, List<Step> steps, Integer shadowPercent) {
        return new RolloutSpec(strategy, candidate, steps, strategy == Strategy.SHADOW ? List.of(ERRORS) : List.of(),
                Duration.ofMinutes(5), Duration.ofMinutes(5), null, null,
                null, null, shadowPercent, null, null, null, null, null, "gateway test");
    }

    @Test
    void aCanaryStepSplitsTrafficAndARollbackAppliesAtOnce() throws Exception {
        String model = Fixtures.model(ModelKind.ML, 2);
        deployments.create(new DeploymentSpec(model, null, "proj-gw", target(model, 1, v1), null), OPERATOR);
        assertEquals("real-v1", server(invoke(model, "{}")), "the new deployment is routed at once");
        Rollout r = deployments.startRollout(model, spec(Strategy.CANARY, target(model, 2, v2), List.of(
                new Step(30, Duration.ofMinutes(30), null), new Step(100, Duration.ofMinutes(30), null)), null), OPERATOR);
        assertEquals(30, r.candidateWeight());
        int n = 600, candidate = 0;
        for (int i = 0; i < n; i++) {
            GatewayResponse g = invoke(model, "{\"x\":" + i + "}");
            boolean c = server(g).equals("real-v2");
            if (c) candidate++;
            assertEquals("models/" + model + "/" + (c ? 2 : 1), g.version());
            assertEquals(c ? "canary" : "stable", g.arm());
        }
        // 30% of 600: standard deviation about 11, so +-56 is five of them.
        assertEquals(180, candidate, 56);
        deployments.act(r.id(), RolloutAction.ROLLBACK, "gateway test", OPERATOR);
        for (int i = 0; i < 100; i++) {
            assertEquals("real-v1", server(invoke(model, "{}")), "call " + i + " after the rollback");
        }
    }

    @Test
    void aShadowRolloutsComparisonsLandInItsReport() throws Exception {
        String model = Fixtures.model(ModelKind.ML, 2);
        deployments.create(new DeploymentSpec(model, null, "proj-gw", target(model, 1, v1), null), OPERATOR);
        Rollout r = deployments.startRollout(model, spec(Strategy.SHADOW, target(model, 2, v2), List.of(), 100), OPERATOR);
        for (int i = 0; i < 40; i++) {
            GatewayResponse g = invoke(model, "{\"i\":" + i + "}");
            assertEquals("real-v1", server(g));
            assertEquals("stable", g.arm());
        }
        await(() -> report(r.id()).compared() == 40, Duration.ofSeconds(15), "40 comparisons in the shadow report");
        ShadowReport s = report(r.id());
        assertEquals(0, s.shadowFailures());
        assertEquals(0, s.equal(), "the two servers answer with their own labels");
        assertTrue(s.shadowLatencyP50() > 0);
        deployments.act(r.id(), RolloutAction.ABORT, "done", OPERATOR);
    }

    static ShadowReport report(String rollout) {
        ShadowReport s = deployments.rollout(rollout).orElseThrow().shadow();
        return s == null ? new ShadowReport(0, 0, 0, null, null, null) : s;
    }
}
