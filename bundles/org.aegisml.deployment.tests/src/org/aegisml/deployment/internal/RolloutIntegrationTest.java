package org.aegisml.deployment.internal;

import static org.aegisml.deployment.internal.Fixtures.APPROVER;
import static org.aegisml.deployment.internal.Fixtures.OPERATOR;
import static org.aegisml.deployment.internal.Fixtures.VIEWER;
import static org.aegisml.deployment.internal.Fixtures.awaitState;
import static org.aegisml.deployment.internal.Fixtures.call;
import static org.aegisml.deployment.internal.Fixtures.deploy;
import static org.aegisml.deployment.internal.Fixtures.deployments;
import static org.aegisml.deployment.internal.Fixtures.model;
import static org.aegisml.deployment.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Rollouts end to end inside the runtime: real model servers behind the real gateway, the
 * controller acting on its own every 200 ms on the monitoring summaries those calls produce.
 */
class RolloutIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final AnalysisRule ERRORS = new AnalysisRule("errors", "error_rate", Bound.MAX, 0.05, false, null, 5);
    private ModelServer stable;
    private ModelServer candidate;
    private String model;

    @BeforeAll
    static void runtime() throws Exception {
        Fixtures.runtime();
    }

    @BeforeEach
    void servers() {
        stable = ModelServer.start("stable").answer("{\"y\":1}");
        candidate = ModelServer.start("candidate").answer("{\"y\":2}");
        model = model(2);
        deploy(model, stable);
    }

    @AfterEach
    void close() {
        stable.close();
        candidate.close();
    }

    private RolloutSpec canary(List<Step> steps, List<AnalysisRule> rules, int failureLimit, Integer inconclusiveLimit) {
        return new RolloutSpec(Strategy.CANARY, target(model, 2, candidate), steps, rules, Duration.ofSeconds(1),
                Duration.ofMinutes(1), failureLimit, inconclusiveLimit, null, null, null, null, null, null, null, null, "test");
    }

    private String v(int version) {
        return "models/" + model + "/" + version;
    }

    @Test
    void aBadCanaryIsRolledBackAutomaticallyWithinItsFailureLimit() throws Exception {
        candidate.errorRate(0.6);
        Rollout r;
        try (var traffic = new Fixtures.Traffic(model, 60)) {
            r = deployments().startRollout(model, canary(List.of(new Step(25, Duration.ofSeconds(30), null),
                    new Step(100, Duration.ofSeconds(30), null)), List.of(ERRORS), 1, 100), OPERATOR);
            assertEquals(RolloutState.PROGRESSING, r.state());
            assertEquals(25, r.candidateWeight());
            r = awaitState(r.id(), RolloutState.ROLLED_BACK, WAIT);
        }
        // Rolled back at the second failure: the limit tolerates one.
        assertEquals(2, r.failures());
        assertEquals(0, r.candidateWeight());
        assertTrue(r.reason().contains("error_rate"), r.reason());
        RolloutEvent last = r.history().get(r.history().size() - 1);
        assertEquals("rolled_back", last.type());
        assertTrue(last.actor().startsWith("controller@"), last.actor());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ms = (List<Map<String, Object>>) last.details().get("measurements");
        assertNotNull(ms, "the rollback records the values that triggered it: " + last.details());
        assertTrue(((Number) ms.get(0).get("candidate")).doubleValue() > 0.05, ms.toString());
        long failed = r.analyses().stream().filter(a -> a.verdict() == org.aegisml.api.deployment.Verdict.FAILURE).count();
        assertEquals(2, failed);

        Deployment d = deployments().find(model).orElseThrow();
        assertNull(d.candidate());
        assertNull(d.rollout());
        assertEquals(0, d.routing().candidateWeight());
        assertEquals(1, Fixtures.registry().versionByAlias(AssetType.MODEL, model, "production").orElseThrow().version());
        assertTrue(Fixtures.registry().versionByAlias(AssetType.MODEL, model, "canary").isEmpty());
        // Weight 0 at once: no more calls reach the candidate.
        long before = candidate.count();
        for (int i = 0; i < 40; i++) assertEquals(v(1), call(model, "{\"x\":1}", Map.of()).version());
        assertEquals(before, candidate.count());
    }

    @Test
    void aGoodCanaryIsPromotedThroughEveryStep() throws Exception {
        Rollout r;
        try (var traffic = new Fixtures.Traffic(model, 60)) {
            r = deployments().startRollout(model, canary(List.of(new Step(10, Duration.ofSeconds(1), null),
                    new Step(50, Duration.ofSeconds(1), null), new Step(100, Duration.ofSeconds(1), null)),
                    List.of(new AnalysisRule("errors", "error_rate", Bound.MAX, 0.05, false, null, 2)), 0, 100), OPERATOR);
            r = awaitState(r.id(), RolloutState.PROMOTED, WAIT);
            assertTrue(traffic.statuses.stream().allMatch(s -> s == 200), "every client call answered");
        }
        List<Integer> weights = new ArrayList<>();
        for (RolloutEvent e : r.history()) if (e.type().equals("step")) weights.add(e.candidateWeight());
        assertEquals(List.of(10, 50, 100), weights);
        assertEquals("promoted", r.history().get(r.history().size() - 1).type());
        assertEquals(0, r.failures());
        assertFalse(r.analyses().isEmpty());
        Deployment d = deployments().find(model).orElseThrow();
        assertEquals(v(2), d.stable().version().toString());
        assertEquals(v(1), d.previous().version().toString());
        assertTrue(d.previousWarmUntil().isAfter(Instant.now()));
        assertEquals(2, Fixtures.registry().versionByAlias(AssetType.MODEL, model, "production").orElseThrow().version());
        for (int i = 0; i < 20; i++) assertEquals(v(2), call(model, "{}", Map.of()).version());

        // Within the rollback window the previous stable comes back at once.
        Rollout back = deployments().act(r.id(), RolloutAction.ROLLBACK, "regret", OPERATOR);
        assertEquals(RolloutState.ROLLED_BACK, back.state());
        assertEquals(v(1), deployments().find(model).orElseThrow().stable().version().toString());
        assertEquals(1, Fixtures.registry().versionByAlias(AssetType.MODEL, model, "production").orElseThrow().version());
        for (int i = 0; i < 20; i++) assertEquals(v(1), call(model, "{}", Map.of()).version());
    }

    @Test
    void anInconclusiveAnalysisPausesForAPerson() throws Exception {
        // No traffic at all: every measurement lacks samples.
        Rollout r = deployments().startRollout(model, canary(List.of(new Step(20, Duration.ofSeconds(1), null),
                new Step(100, Duration.ofSeconds(1), null)), List.of(ERRORS), 0, 1), OPERATOR);
        r = awaitState(r.id(), RolloutState.PAUSED, WAIT);
        assertTrue(r.reason().contains("inconclusive"), r.reason());
        assertEquals(2, r.inconclusives());
        assertEquals(0, r.failures());
        assertEquals(1, r.step());
        assertEquals(20, deployments().find(model).orElseThrow().routing().candidateWeight(), "a pause keeps the weights");
        Measurement m = r.analyses().get(0).measurements().get(0);
        assertEquals(org.aegisml.api.deployment.Verdict.INCONCLUSIVE, m.verdict());
        assertTrue(m.reason().contains("fewer than"), m.reason());

        Rollout resumed = deployments().act(r.id(), RolloutAction.RESUME, "looked at it", OPERATOR);
        assertEquals(RolloutState.PROGRESSING, resumed.state());
        assertEquals(0, resumed.inconclusives());
        Rollout aborted = deployments().act(r.id(), RolloutAction.ABORT, "enough", OPERATOR);
        assertEquals(RolloutState.ABORTED, aborted.state());
        assertEquals(0, deployments().find(model).orElseThrow().routing().candidateWeight());
    }

    @Test
    void shadowFailuresNeverReachClients() throws Exception {
        RolloutSpec spec = new RolloutSpec(Strategy.SHADOW, target(model, 2, candidate), List.of(new Step(0,
                Duration.ofSeconds(30), null)), List.of(ERRORS), Duration.ofSeconds(1), Duration.ofMinutes(1), 1000, 1000, null,
                null, 100, null, null, null, null, null, "shadow");
        Rollout r = deployments().startRollout(model, spec, OPERATOR);
        // The candidate answered the probe at the start, and hangs from now on.
        candidate.hang(true);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long t0 = System.nanoTime();
            GatewayResponse g = call(model, "{\"x\":" + i + "}", Map.of());
            latencies.add((System.nanoTime() - t0) / 1_000_000);
            assertEquals(200, g.status());
            assertEquals(v(1), g.version(), "the client always gets the stable answer");
        }
        // The shadow hangs until its 2 s timeout; no client call waited for it.
        assertTrue(latencies.stream().allMatch(ms -> ms < 1_000), latencies.toString());
        assertTrue(candidate.count() > 0, "requests were copied to the shadow");
        Thread.sleep(3_000);
        r = deployments().rollout(r.id()).orElseThrow();
        assertNotNull(r.shadow());
        assertTrue(r.shadow().compared() > 0 && r.shadow().shadowFailures() > 0, r.shadow().toString());
        deployments().act(r.id(), RolloutAction.ABORT, "done", OPERATOR);
    }

    @Test
    void abAssignmentIsStickyPerKey() throws Exception {
        RolloutSpec spec = new RolloutSpec(Strategy.AB, target(model, 2, candidate), List.of(), List.of(ERRORS),
                Duration.ofSeconds(1), Duration.ofMinutes(1), 0, 100, null, null, null, 50, "header:X-User", "error_rate",
                0.05, null, "ab");
        Rollout r = deployments().startRollout(model, spec, OPERATOR);
        Map<String, Set<String>> seen = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int u = 0; u < 30; u++) {
                String user = "user-" + u;
                seen.computeIfAbsent(user, k -> new HashSet<>()).add(call(model, "{}", Map.of("x-user", user)).version());
            }
        }
        seen.forEach((user, versions) -> assertEquals(1, versions.size(), user + " saw " + versions));
        Set<String> all = new HashSet<>();
        seen.values().forEach(all::addAll);
        assertEquals(Set.of(v(1), v(2)), all, "both arms get users");
        deployments().act(r.id(), RolloutAction.ABORT, "done", OPERATOR);
    }

    @Test
    void blueGreenSwitchesAtomicallyAfterAnalysisPasses() throws Exception {
        RolloutSpec spec = new RolloutSpec(Strategy.BLUE_GREEN, target(model, 2, candidate), List.of(new Step(0,
                Duration.ofSeconds(2), null)), List.of(new AnalysisRule("errors", "error_rate", Bound.MAX, 0.05, false, null, 3)),
                Duration.ofSeconds(1), Duration.ofMinutes(1), 0, 100, null, null, null, null, null, null, null, null, "bg");
        Rollout r;
        Fixtures.Traffic traffic = new Fixtures.Traffic(model, 50);
        try {
            r = deployments().startRollout(model, spec, OPERATOR);
            assertEquals(0, r.candidateWeight());
            r = awaitState(r.id(), RolloutState.PROMOTED, WAIT);
            Thread.sleep(500);
        } finally {
            traffic.close();
        }
        List<String> versions = new ArrayList<>(traffic.versions);
        int first = versions.indexOf(v(2));
        assertTrue(first > 0, "the candidate answered no live call before the switch");
        assertTrue(versions.subList(0, first).stream().allMatch(v(1)::equals));
        assertTrue(versions.subList(first, versions.size()).stream().allMatch(v(2)::equals),
                "after the switch every call is answered by the new version: " + versions.subList(first, versions.size()));
        assertTrue(candidate.count() >= versions.size() - first, "the candidate was analysed on mirrored calls first");
        assertEquals(v(1), deployments().find(model).orElseThrow().previous().version().toString(), "the old one stays warm");
    }

    @Test
    void theRequesterCannotApproveTheirOwnRolloutAndAnotherApproverCan() throws Exception {
        RolloutSpec spec = new RolloutSpec(Strategy.CANARY, target(model, 2, candidate), List.of(new Step(50,
                Duration.ofHours(1), false), new Step(100, Duration.ofHours(1), false)), List.of(), null, null, null, null, true,
                null, null, null, null, null, null, null, "needs a second pair of eyes");
        Rollout r = deployments().startRollout(model, spec, OPERATOR);
        assertEquals(RolloutState.PENDING_APPROVAL, r.state());
        assertEquals(0, deployments().find(model).orElseThrow().routing().candidateWeight(), "no traffic before approval");
        Approval pending = Fixtures.approvals().list(ApprovalState.PENDING).stream().filter(a -> a.subject().equals(r.id()))
                .findFirst().orElseThrow();
        assertEquals("rollout", pending.kind());
        assertTrue(pending.evidence().containsKey("candidate"), pending.evidence().toString());

        Actor sameKeyPromoted = new Actor(OPERATOR.id(), OPERATOR.name(), Role.APPROVER);
        ForbiddenException own = assertThrows(ForbiddenException.class,
                () -> Fixtures.approvals().approve(pending.id(), "mine", sameKeyPromoted));
        assertTrue(own.getMessage().contains("requester"), own.getMessage());
        assertThrows(ForbiddenException.class, () -> Fixtures.approvals().approve(pending.id(), "no", VIEWER));
        assertEquals(RolloutState.PENDING_APPROVAL, deployments().rollout(r.id()).orElseThrow().state(), "nothing changed");

        Approval ok = Fixtures.approvals().approve(pending.id(), "looks fine", APPROVER);
        assertEquals(ApprovalState.APPROVED, ok.state());
        assertEquals("april", ok.decidedByName());
        Rollout live = deployments().rollout(r.id()).orElseThrow();
        assertEquals(RolloutState.PROGRESSING, live.state());
        assertEquals(50, deployments().find(model).orElseThrow().routing().candidateWeight());
        assertThrows(org.aegisml.api.ConflictException.class, () -> Fixtures.approvals().approve(pending.id(), "again", APPROVER));
        deployments().act(r.id(), RolloutAction.ABORT, "done", OPERATOR);
    }

    @Test
    void aRestartMidRolloutResumesAtTheSameStepWithTheSameWeights() throws Exception {
        Rollout r = deployments().startRollout(model, canary(List.of(new Step(30, Duration.ofHours(1), false),
                new Step(100, Duration.ofHours(1), false)), List.of(), 0, null), OPERATOR);
        assertEquals(30, r.candidateWeight());
        Bundle b = TestRuntime.bundle("org.aegisml.deployment");
        b.stop();
        b.start();
        Rollout after = deployments().rollout(r.id()).orElseThrow();
        assertEquals(RolloutState.PROGRESSING, after.state());
        assertEquals(1, after.step());
        assertEquals(30, after.candidateWeight());
        assertEquals(r.stepStartedAt(), after.stepStartedAt());
        assertEquals(30, deployments().find(model).orElseThrow().routing().candidateWeight());
        int cand = 0;
        for (int i = 0; i < 200; i++) if (call(model, "{}", Map.of()).version().equals(v(2))) cand++;
        assertTrue(cand > 30 && cand < 90, "about 30% to the candidate after the restart: " + cand + " of 200");
        assertEquals(RolloutState.PROMOTED, deployments().act(r.id(), RolloutAction.PROMOTE, "go", OPERATOR).state());
    }
}
