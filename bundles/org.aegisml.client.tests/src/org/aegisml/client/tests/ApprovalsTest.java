package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.client.Connection;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** A rollout that needs another person's approval, decided through the client by people of every role. */
class ApprovalsTest {
    static ModelServer backend;

    @BeforeAll
    static void start() {
        backend = ModelServer.start("approvals-test");
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void onlyAnotherApproverDecidesAndTheDecisionReadsBackAsTheServerShowsIt() throws Exception {
        String m = Fixtures.model(2);
        Fixtures.Key requesterKey = Fixtures.key("approver");
        Fixtures.Key otherKey = Fixtures.key("approver");
        try (Connection requester = Fixtures.connector().connect(Fixtures.uri(), requesterKey.secret());
                Connection other = Fixtures.connector().connect(Fixtures.uri(), otherKey.secret());
                Connection viewer = Fixtures.connector().connect(Fixtures.uri(), Fixtures.key("viewer").secret());
                Connection operator = Fixtures.connector().connect(Fixtures.uri(), Fixtures.key("operator").secret())) {
            Deployments deployments = requester.service(Deployments.class);
            deployments.create(new DeploymentSpec(m, null, null, Fixtures.target(m, 1, backend.predictUrl()), null), null);
            Rollout r = deployments.startRollout(m, Fixtures.canary(m, true, "v2 please", backend.predictUrl()), null);
            assertEquals(RolloutState.PENDING_APPROVAL, r.state());
            assertTrue(r.approval() != null, "the rollout names its approval request");

            Approvals approvals = viewer.service(Approvals.class);
            Approval pending = approvals.list(ApprovalState.PENDING).stream().filter(a -> a.subject().equals(r.id()))
                    .findFirst().orElseThrow();
            assertEquals(r.approval(), pending.id());
            assertEquals("rollout", pending.kind());
            assertEquals(m, pending.deployment());
            assertEquals(requesterKey.name(), pending.requestedByName());
            assertNull(pending.requestedBy(), "the wire carries the requester's name, not the key id");
            assertEquals(pending, approvals.approval(pending.id()).orElseThrow());
            JsonNode json = Fixtures.get("/api/v1/approvals/" + pending.id());
            assertEquals(json.get("reason").asText(), pending.reason());
            assertEquals(Instant.parse(json.get("requested_at").asText()), pending.requestedAt());
            assertEquals(json.at("/evidence/candidate/version").asText(),
                    ((java.util.Map<?, ?>) pending.evidence().get("candidate")).get("version"));
            assertTrue(approvals.list(ApprovalState.APPROVED).stream().noneMatch(a -> a.id().equals(pending.id())));
            assertTrue(approvals.list(null).stream().anyMatch(a -> a.id().equals(pending.id())));

            ForbiddenException own = assertThrows(ForbiddenException.class,
                    () -> requester.service(Approvals.class).approve(pending.id(), "mine", null));
            assertTrue(own.getMessage().contains("requester"), own.getMessage());
            assertThrows(ForbiddenException.class, () -> approvals.approve(pending.id(), null, null));
            assertThrows(ForbiddenException.class, () -> operator.service(Approvals.class).reject(pending.id(), null, null));
            assertEquals(ApprovalState.PENDING, approvals.approval(pending.id()).orElseThrow().state(), "nothing decided yet");

            Approval approved = other.service(Approvals.class).approve(pending.id(), "go", null);
            assertEquals(ApprovalState.APPROVED, approved.state());
            assertEquals(otherKey.name(), approved.decidedByName());
            assertEquals("go", approved.comment());
            assertTrue(approved.decidedAt() != null);
            assertEquals(approved, approvals.approval(pending.id()).orElseThrow());
            assertEquals("state", assertThrows(ConflictException.class,
                    () -> other.service(Approvals.class).reject(pending.id(), "too late", null)).field());

            assertEquals(RolloutState.PROGRESSING, deployments.rollout(r.id()).orElseThrow().state());
            assertTrue(approvals.approval(Fixtures.unique("none")).isEmpty());
            deployments.act(r.id(), RolloutAction.ABORT, null, null);
        }
    }

    @Test
    void aRejectedRequestKeepsTheRolloutFromStarting() throws Exception {
        String m = Fixtures.model(2);
        try (Connection admin = Fixtures.connect();
                Connection approver = Fixtures.connector().connect(Fixtures.uri(), Fixtures.key("approver").secret())) {
            Deployments deployments = admin.service(Deployments.class);
            deployments.create(new DeploymentSpec(m, null, null, Fixtures.target(m, 1, backend.predictUrl()), null), null);
            Rollout r = deployments.startRollout(m, Fixtures.canary(m, true, null, backend.predictUrl()), null);
            Approval rejected = approver.service(Approvals.class).reject(r.approval(), "not now", null);
            assertEquals(ApprovalState.REJECTED, rejected.state());
            assertEquals("not now", rejected.comment());
            assertTrue(deployments.rollout(r.id()).orElseThrow().state().terminal());
        }
    }
}
