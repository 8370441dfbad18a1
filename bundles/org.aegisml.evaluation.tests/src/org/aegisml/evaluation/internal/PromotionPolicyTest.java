package org.aegisml.evaluation.internal;

import static org.aegisml.evaluation.internal.EvaluationIntegrationTest.APPROVER;
import static org.aegisml.evaluation.internal.EvaluationIntegrationTest.OPERATOR;
import static org.aegisml.evaluation.internal.EvaluationIntegrationTest.backend;
import static org.aegisml.evaluation.internal.EvaluationIntegrationTest.evaluations;
import static org.aegisml.evaluation.internal.EvaluationIntegrationTest.ref;
import static org.aegisml.evaluation.internal.EvaluationIntegrationTest.registry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.evaluation.RegressionSpec;
import org.aegisml.api.evaluation.RegressionVerdict;
import org.aegisml.api.policy.Policies;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped production-promotion policy against real regression tests: the {@code evaluation}
 * variable this bundle provides carries each version's newest verdict, so an untested version
 * stays out of production, and a tested one gets there once a second person approved.
 */
class PromotionPolicyTest {
    static final Actor ADMIN = new Actor("k-ada", "ada", Role.ADMIN);
    static ModelServer good;

    @BeforeAll
    static void runtime() throws Exception {
        TestRuntime.ensureStore();
        good = ModelServer.start("good").answer("{\"prediction\": 1, \"probability\": 0.9}");
    }

    @AfterAll
    static void stop() {
        good.close();
    }

    static String example() throws IOException {
        try (InputStream in = TestRuntime.bundle("org.aegisml.policy").getEntry("examples/production-promotion.yaml").openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void productionNeedsAPassedRegressionTestThenASecondApprover() throws Exception {
        String[] s = EvaluationIntegrationTest.setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), v2 = ref(AssetType.MODEL, s[0], 2), ds = ref(AssetType.DATASET, s[1], 1);
        registry().transition(v1, Stage.STAGING, "first", OPERATOR);
        registry().transition(v1, Stage.PRODUCTION, "first", OPERATOR);
        Policies policies = TestRuntime.service(Policies.class);
        policies.save("production-promotion", "yaml", example(), true, ADMIN);
        try {
            registry().transition(v2, Stage.STAGING, "try", OPERATOR);
            PromotionDeniedException untested = assertThrows(PromotionDeniedException.class,
                    () -> registry().transition(v2, Stage.PRODUCTION, "ship", OPERATOR));
            assertTrue(untested.getMessage().contains("no passed regression test") && untested.getMessage().contains("null"),
                    untested.getMessage());

            RegressionResult r = evaluations().regression(new RegressionSpec(v2, null, ds, List.of("accuracy"), null, null, null,
                    null, null, 7L, null, null, backend(good), backend(good)), OPERATOR);
            assertEquals(RegressionVerdict.PASS, r.verdict(), r.metrics().toString());
            PromotionDeniedException waiting = assertThrows(PromotionDeniedException.class,
                    () -> registry().transition(v2, Stage.PRODUCTION, "ship", OPERATOR));
            assertTrue(waiting.getMessage().contains("approval"), waiting.getMessage());
            Approvals approvals = TestRuntime.service(Approvals.class);
            Approval request = approvals.list(ApprovalState.PENDING).stream().filter(a -> a.subject().equals(v2.toString()))
                    .findFirst().orElseThrow();
            approvals.approve(request.id(), "regression passed", APPROVER);
            assertEquals(Stage.PRODUCTION, registry().transition(v2, Stage.PRODUCTION, "ship", OPERATOR).to());
        } finally {
            policies.delete("production-promotion", ADMIN);
        }
    }
}
