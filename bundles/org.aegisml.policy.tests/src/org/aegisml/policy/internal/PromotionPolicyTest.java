package org.aegisml.policy.internal;

import static org.aegisml.policy.internal.Fixtures.ADMIN;
import static org.aegisml.policy.internal.Fixtures.APPROVER;
import static org.aegisml.policy.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped production-promotion policy end to end through the registry: no passed
 * regression test, no production; with one, a second person's approval is still needed, and
 * the requester's own approval is refused.
 */
class PromotionPolicyTest {

    @BeforeAll
    static void runtime() throws Exception {
        Fixtures.runtime();
    }

    @Test
    void productionNeedsAPassedRegressionTestAndASecondPerson() {
        Fixtures.policies().save("production-promotion", "yaml", Fixtures.example("production-promotion.yaml"), true, ADMIN);
        try {
            String model = Fixtures.model();
            VersionRef v = new VersionRef(AssetType.MODEL, model, 1);
            assertEquals(Stage.STAGING, Fixtures.registry().transition(v, Stage.STAGING, "try it", OPERATOR).to(),
                    "the policy is about production only");

            PromotionDeniedException untested = assertThrows(PromotionDeniedException.class,
                    () -> Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR));
            assertTrue(untested.getMessage().contains("no passed regression test"), untested.getMessage());
            Fixtures.VERDICTS.put(v.toString(), "fail");
            assertThrows(PromotionDeniedException.class, () -> Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it",
                    OPERATOR));
            assertTrue(pending(v).isEmpty(), "a denied move files no approval request");

            Fixtures.VERDICTS.put(v.toString(), "pass");
            PromotionDeniedException waiting = assertThrows(PromotionDeniedException.class,
                    () -> Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR));
            assertTrue(waiting.getMessage().contains("requires approval by 1 person"), waiting.getMessage());
            List<Approval> requests = pending(v);
            assertEquals(1, requests.size());
            Approval request = requests.get(0);
            assertEquals("olga", request.requestedByName());
            assertTrue(request.evidence().containsKey("policy_decision"), request.evidence().toString());
            // Asking again files nothing new.
            assertThrows(PromotionDeniedException.class, () -> Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it",
                    OPERATOR));
            assertEquals(1, pending(v).size());

            assertThrows(ForbiddenException.class, () -> Fixtures.approvals().approve(request.id(), "mine",
                    new org.aegisml.api.security.Actor(OPERATOR.id(), OPERATOR.name(), org.aegisml.api.security.Role.APPROVER)));
            Fixtures.approvals().approve(request.id(), "regression passed, metrics fine", APPROVER);
            assertEquals(Stage.PRODUCTION, Fixtures.registry().transition(v, Stage.PRODUCTION, "ship it", OPERATOR).to());
            assertTrue(Fixtures.audited("policy.decide", 20).stream().anyMatch(e -> e.target().equals("policy/promotion/" + v)
                    && e.after().contains("\"effect\":\"require_approval\"")), "the decision is audited");
        } finally {
            Fixtures.policies().delete("production-promotion", ADMIN);
        }
    }

    private static List<Approval> pending(VersionRef v) {
        return Fixtures.approvals().list(ApprovalState.PENDING).stream().filter(a -> a.subject().equals(v.toString())).toList();
    }
}
