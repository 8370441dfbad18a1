package org.aegisml.store.internal;

import static org.aegisml.store.internal.DeploymentFixtures.approval;
import static org.aegisml.store.internal.DeploymentFixtures.at;
import static org.aegisml.store.internal.DeploymentFixtures.fullDeployment;
import static org.aegisml.store.internal.DeploymentFixtures.modelTarget;
import static org.aegisml.store.internal.DeploymentFixtures.rollout;
import static org.aegisml.store.internal.DeploymentFixtures.sparseDeployment;
import static org.aegisml.store.internal.DeploymentFixtures.sparseSpec;
import static org.aegisml.store.internal.DeploymentFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;
import org.aegisml.api.store.DeploymentRepository;
import org.aegisml.api.store.Store;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deployment tables through the store as DS wires it, on H2 or PostgreSQL. */
class DeploymentRepoTest {
    static Store store;

    @BeforeAll
    static void start() throws Exception {
        TestRuntime.ensureStore();
        store = TestRuntime.service(Store.class);
    }

    private static void write(java.util.function.Consumer<DeploymentRepository> work) {
        store.write(tx -> {
            work.accept(tx.deployments());
            return null;
        });
    }

    private static <T> T read(java.util.function.Function<DeploymentRepository, T> work) {
        return store.read(tx -> work.apply(tx.deployments()));
    }

    private static String deployment() {
        String name = unique("dep");
        write(r -> r.insertDeployment(sparseDeployment(name)));
        return name;
    }

    // ---------------------------------------------------------------- deployments

    @Test
    void deploymentsRoundTripWithEveryFieldAndWithNulls() {
        Deployment full = fullDeployment(unique("full"));
        Deployment sparse = sparseDeployment(unique("sparse"));
        write(r -> {
            r.insertDeployment(full);
            r.insertDeployment(sparse);
        });
        assertEquals(full, read(r -> r.findDeployment(full.name())).orElseThrow());
        assertEquals(sparse, read(r -> r.findDeployment(sparse.name())).orElseThrow());
        assertTrue(read(r -> r.findDeployment("no-such-deployment")).isEmpty());
        // Secrets are stored as given; masking is for showing, not for storing.
        assertEquals("s3cr3t", read(r -> r.findDeployment(full.name())).orElseThrow().stable().backend().options()
                .get("api_key"));
    }

    @Test
    void duplicateDeploymentNameConflicts() {
        String name = deployment();
        ConflictException e = assertThrows(ConflictException.class,
                () -> write(r -> r.insertDeployment(fullDeployment(name))));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertNull(read(r -> r.findDeployment(name)).orElseThrow().description(), "the first row is untouched");
    }

    @Test
    void updateReplacesTheRowAndAMissingOneIsNotFound() {
        String name = deployment();
        Deployment changed = fullDeployment(name);
        write(r -> r.updateDeployment(changed));
        assertEquals(changed, read(r -> r.findDeployment(name)).orElseThrow());
        Deployment back = new Deployment(name, null, null, changed.candidate(), null, Routing.STABLE_ONLY, null, null,
                changed.stable(), at(900), "alice", at(0), at(120), 8);
        write(r -> r.updateDeployment(back));
        assertEquals(back, read(r -> r.findDeployment(name)).orElseThrow());
        assertThrows(NotFoundException.class, () -> write(r -> r.updateDeployment(sparseDeployment(unique("ghost")))));
    }

    @Test
    void deploymentsAreListedByNameAndDeleteTakesTheHistoryWithIt() {
        String prefix = unique("list");
        List<String> names = List.of(prefix + "-c", prefix + "-a", prefix + "-b");
        for (String n : names) write(r -> r.insertDeployment(sparseDeployment(n)));
        List<String> listed = read(DeploymentRepository::deployments).stream().map(Deployment::name)
                .filter(n -> n.startsWith(prefix)).toList();
        assertEquals(List.of(prefix + "-a", prefix + "-b", prefix + "-c"), listed);

        String doomed = prefix + "-a";
        String rid = unique("r");
        write(r -> {
            r.insertRollout(rollout(rid, doomed, RolloutState.ABORTED, at(0)));
            r.insertRolloutEvent(rid, new RolloutEvent(at(1), "state", RolloutState.ABORTED, 0, 0, "alice", "stop", null));
            r.insertAnalysisRun(new AnalysisRun(unique("run"), rid, 1, at(0), at(60), Verdict.SUCCESS, List.of()));
            r.insertShadowComparisons(List.of(new org.aegisml.api.deployment.ShadowComparison(rid, "q1", at(2), true,
                    null, 10, 12.0, true, 1.0)));
        });
        assertTrue(store.write(tx -> tx.deployments().deleteDeployment(doomed)));
        assertFalse(store.write(tx -> tx.deployments().deleteDeployment(doomed)));
        assertTrue(read(r -> r.findDeployment(doomed)).isEmpty());
        assertTrue(read(r -> r.findRollout(rid)).isEmpty());
        assertEquals(List.of(), read(r -> r.rolloutEvents(rid)));
        assertEquals(List.of(), read(r -> r.analysisRuns(rid)));
        assertEquals(0, read(r -> r.shadowReport(rid)).compared());
    }

    @Test
    void lockDeploymentHoldsTheRowUntilTheUnitEnds() throws Exception {
        String name = deployment();
        assertLockedWhileHeld("deployment", "name", name, r -> r.lockDeployment(name).orElseThrow());
        assertTrue(read(r -> r.lockDeployment("no-such")).isEmpty());
    }

    @Test
    void nullsWhereTheTableRequiresAValueAreRefusedByName() {
        Deployment noStable = new Deployment(unique("x"), null, null, null, null, null, null, null, null, null, "bob",
                at(0), at(0), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(r -> r.insertDeployment(noStable)));
        assertTrue(e.getMessage().contains("stable"), e.getMessage());
    }

    // ---------------------------------------------------------------- rollouts

    @Test
    void rolloutsRoundTripWithoutTheirReadSeparatelyParts() {
        String dep = deployment();
        Rollout full = rollout(unique("r"), dep, RolloutState.PROGRESSING, at(0));
        write(r -> r.insertRollout(full));
        Rollout read = read(r -> r.findRollout(full.id())).orElseThrow();
        assertEquals(full, read);
        assertEquals(List.of(), read.analyses());
        assertEquals(List.of(), read.history());
        assertNull(read.comparison());
        assertNull(read.shadow());

        // Optional fields null, spec with nothing but the strategy and candidate.
        String dep2 = deployment();
        Target candidate = DeploymentFixtures.promptTarget();
        Rollout sparse = new Rollout(unique("r"), dep2, Strategy.SHADOW, modelTarget("churn", 3), candidate,
                sparseSpec(candidate), RolloutState.PENDING_APPROVAL, 0, 0, null, 0, 0, null, "bob", at(0), at(0), null,
                null, null, null, null, null);
        write(r -> r.insertRollout(sparse));
        assertEquals(sparse, read(r -> r.findRollout(sparse.id())).orElseThrow());
        assertTrue(read(r -> r.findRollout("no-such-rollout")).isEmpty());
    }

    @Test
    void updateRolloutReplacesTheRow() {
        String dep = deployment();
        Rollout r0 = rollout(unique("r"), dep, RolloutState.PROGRESSING, at(0));
        write(r -> r.insertRollout(r0));
        Rollout paused = new Rollout(r0.id(), dep, r0.strategy(), r0.stable(), r0.candidate(), r0.spec(),
                RolloutState.PAUSED, 3, 100, at(300), 0, 0, null, r0.createdBy(), r0.createdAt(), at(301), null,
                "waiting for a human", null, null, null, null);
        write(r -> r.updateRollout(paused));
        assertEquals(paused, read(r -> r.findRollout(r0.id())).orElseThrow());
        assertThrows(NotFoundException.class,
                () -> write(r -> r.updateRollout(rollout(unique("ghost"), dep, RolloutState.ABORTED, at(0)))));
    }

    @Test
    void oneActiveRolloutPerDeploymentAndATerminalOneFreesTheSlot() {
        String dep = deployment();
        Rollout first = rollout(unique("r"), dep, RolloutState.PROGRESSING, at(0));
        write(r -> r.insertRollout(first));
        for (RolloutState active : List.of(RolloutState.PENDING_APPROVAL, RolloutState.PROGRESSING, RolloutState.PAUSED)) {
            ConflictException e = assertThrows(ConflictException.class,
                    () -> write(r -> r.insertRollout(rollout(unique("r"), dep, active, at(1)))));
            assertTrue(e.getMessage().contains("uq_rollout_active") || e.getMessage().contains("already exists"),
                    e.getMessage());
        }
        // Ended rollouts never take the slot, however many there are.
        write(r -> r.insertRollout(rollout(unique("r"), dep, RolloutState.ABORTED, at(2))));
        write(r -> r.insertRollout(rollout(unique("r"), dep, RolloutState.PROMOTED, at(3))));

        write(r -> r.updateRollout(withState(first, RolloutState.ROLLED_BACK)));
        Rollout second = rollout(unique("r"), dep, RolloutState.PENDING_APPROVAL, at(4));
        write(r -> r.insertRollout(second));
        // Bringing the first back to life would make two active ones.
        assertThrows(ConflictException.class, () -> write(r -> r.updateRollout(withState(first, RolloutState.PAUSED))));
        assertEquals(RolloutState.ROLLED_BACK, read(r -> r.findRollout(first.id())).orElseThrow().state());
        // Another deployment's slot is its own.
        String other = deployment();
        write(r -> r.insertRollout(rollout(unique("r"), other, RolloutState.PROGRESSING, at(5))));
        // A duplicate id is a conflict too.
        assertThrows(ConflictException.class,
                () -> write(r -> r.insertRollout(rollout(second.id(), other, RolloutState.ABORTED, at(6)))));
    }

    @Test
    void concurrentStartsOnOneDeploymentLeaveExactlyOneActive() throws Exception {
        String dep = deployment();
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> starts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = unique("r");
                starts.add(pool.submit(() -> {
                    go.await();
                    write(r -> r.insertRollout(rollout(id, dep, RolloutState.PROGRESSING, at(0))));
                    return null;
                }));
            }
            go.countDown();
            int ok = 0;
            for (Future<?> f : starts) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    ok++;
                } catch (ExecutionException e) {
                    assertInstanceOf(ConflictException.class, e.getCause());
                }
            }
            assertEquals(1, ok);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, read(r -> r.rollouts(dep)).size());
    }

    /**
     * Two replicas: a rollout inserted by another connection in a transaction not yet committed
     * still keeps this store's insert out once it commits.
     */
    @Test
    void anotherConnectionsActiveRolloutKeepsTheSlot() throws Exception {
        String dep = deployment();
        Rollout mine = rollout(unique("r"), dep, RolloutState.PROGRESSING, at(1));
        try (Connection other = TestRuntime.rawConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("INSERT INTO rollout (id, deployment, active_deployment, "
                    + "strategy, stable_json, candidate_json, spec_json, state, step, candidate_weight, failures, "
                    + "inconclusives, created_by, created_at, updated_at) VALUES (?, ?, ?, 'CANARY', '{}', '{}', '{}', "
                    + "'PROGRESSING', 0, 0, 0, 0, 'replica-2', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                ps.setString(1, unique("other"));
                ps.setString(2, dep);
                ps.setString(3, dep);
                ps.executeUpdate();
            }
            // Our insert waits on the other transaction's uncommitted key; commit it meanwhile.
            CompletableFuture<Void> ours = CompletableFuture.runAsync(() -> write(r -> r.insertRollout(mine)));
            Thread.sleep(300);
            other.commit();
            ExecutionException e = assertThrows(ExecutionException.class, () -> ours.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ConflictException.class, e.getCause());
        }
        assertTrue(read(r -> r.findRollout(mine.id())).isEmpty());
    }

    @Test
    void rolloutsAreListedNewestFirstAndActiveOnesOldestFirst() {
        String dep = deployment();
        String a = unique("a"), b = unique("b"), c = unique("c");
        write(r -> {
            r.insertRollout(rollout(b, dep, RolloutState.ABORTED, at(200)));
            r.insertRollout(rollout(a, dep, RolloutState.ROLLED_BACK, at(100)));
            r.insertRollout(rollout(c, dep, RolloutState.PAUSED, at(300)));
        });
        assertEquals(List.of(c, b, a), read(r -> r.rollouts(dep)).stream().map(Rollout::id).toList());
        assertEquals(List.of(), read(r -> r.rollouts("no-such-deployment")));

        String dep2 = deployment();
        String older = unique("old");
        write(r -> r.insertRollout(rollout(older, dep2, RolloutState.PENDING_APPROVAL, at(50))));
        Set<String> mine = Set.of(a, b, c, older);
        List<String> active = read(DeploymentRepository::activeRollouts).stream().map(Rollout::id).filter(mine::contains)
                .toList();
        assertEquals(List.of(older, c), active);
    }

    @Test
    void lockRolloutHoldsTheRowUntilTheUnitEnds() throws Exception {
        String dep = deployment();
        String id = unique("r");
        write(r -> r.insertRollout(rollout(id, dep, RolloutState.PROGRESSING, at(0))));
        assertLockedWhileHeld("rollout", "id", id, r -> r.lockRollout(id).orElseThrow());
        assertTrue(read(r -> r.lockRollout("no-such")).isEmpty());
    }

    private static Rollout withState(Rollout r, RolloutState state) {
        return new Rollout(r.id(), r.deployment(), r.strategy(), r.stable(), r.candidate(), r.spec(), state, r.step(),
                r.candidateWeight(), r.stepStartedAt(), r.failures(), r.inconclusives(), r.approval(), r.createdBy(),
                r.createdAt(), r.updatedAt(), state.terminal() ? at(999) : null, r.reason(), null, null, null, null);
    }

    // ---------------------------------------------------------------- analysis runs and timeline

    @Test
    void analysisRunsRoundTripOldestFirst() {
        String dep = deployment();
        String rid = unique("r");
        write(r -> r.insertRollout(rollout(rid, dep, RolloutState.PROGRESSING, at(0))));
        List<Measurement> ms = List.of(
                new Measurement("errors", "error_rate", 0.0125, 0.01, 812L, 7301L, 0.05, Verdict.SUCCESS, "0.0125 <= 0.05"),
                new Measurement("latency_p95 relative", "latency_p95", null, 120.5, 3L, null, null, Verdict.INCONCLUSIVE,
                        "3 samples, 20 needed"));
        AnalysisRun late = new AnalysisRun(unique("run"), rid, 2, at(60), at(120), Verdict.FAILURE, List.of());
        AnalysisRun early = new AnalysisRun(unique("run"), rid, 1, at(0), at(60), Verdict.INCONCLUSIVE, ms);
        // Same window end as `late`, written after it: insertion order breaks the tie.
        AnalysisRun tie = new AnalysisRun(unique("run"), rid, 2, at(61), at(120), Verdict.SUCCESS, ms);
        write(r -> {
            r.insertAnalysisRun(late);
            r.insertAnalysisRun(early);
        });
        write(r -> r.insertAnalysisRun(tie));
        assertEquals(List.of(early, late, tie), read(r -> r.analysisRuns(rid)));
        assertEquals(List.of(), read(r -> r.analysisRuns("no-such")));
        assertThrows(ConflictException.class, () -> write(r -> r.insertAnalysisRun(early)));
    }

    @Test
    void rolloutEventsRoundTripOldestFirstWithTheirDetails() {
        String dep = deployment();
        String rid = unique("r");
        write(r -> r.insertRollout(rollout(rid, dep, RolloutState.PROGRESSING, at(0))));
        Map<String, Object> details = Map.of("error_rate", 0.12, "limit", 0.05, "samples", 812, "big", 10_000_000_000L,
                "versions", List.of("models/churn/3", "models/churn/4"), "rule", Map.of("name", "errors", "relative", false));
        RolloutEvent started = new RolloutEvent(at(0), "state", RolloutState.PROGRESSING, 1, 10, "alice", "started", null);
        RolloutEvent weight = new RolloutEvent(at(30), "weight", null, 2, 50, "system", null, Map.of());
        RolloutEvent rolledBack = new RolloutEvent(at(30), "state", RolloutState.ROLLED_BACK, 2, 0, "system",
                "error_rate 0.12 > 0.05", details);
        write(r -> {
            // weight and rolledBack share an instant: the order they were written decides.
            r.insertRolloutEvent(rid, weight);
            r.insertRolloutEvent(rid, rolledBack);
            r.insertRolloutEvent(rid, started);
        });
        List<RolloutEvent> timeline = read(r -> r.rolloutEvents(rid));
        assertEquals(List.of(started, weight, rolledBack), timeline);
        assertEquals(Map.of(), timeline.get(0).details());
        assertEquals(10_000_000_000L, timeline.get(2).details().get("big"));
    }

    // ---------------------------------------------------------------- approvals

    @Test
    void approvalsRoundTripAndAreListedByStateNewestFirst() {
        String p1 = unique("p1"), p2 = unique("p2"), ok = unique("ok"), no = unique("no");
        Approval pending1 = approval(p1, ApprovalState.PENDING, at(100));
        Approval pending2 = approval(p2, ApprovalState.PENDING, at(300));
        Approval approved = approval(ok, ApprovalState.APPROVED, at(200));
        Approval rejected = approval(no, ApprovalState.REJECTED, at(400));
        Approval bare = new Approval(unique("bare"), "stage", "models/churn/4", null, ApprovalState.CANCELLED, "bob", null,
                at(50), null, null, null, null, null, null);
        write(r -> {
            for (Approval a : List.of(pending1, approved, pending2, rejected, bare)) r.insertApproval(a);
        });
        assertEquals(approved, read(r -> r.findApproval(ok)).orElseThrow());
        assertEquals(pending1, read(r -> r.findApproval(p1)).orElseThrow());
        assertEquals(bare, read(r -> r.findApproval(bare.id())).orElseThrow());
        assertTrue(read(r -> r.findApproval("no-such")).isEmpty());

        Set<String> mine = Set.of(p1, p2, ok, no, bare.id());
        assertEquals(List.of(p2, p1), ids(read(r -> r.approvals(ApprovalState.PENDING)), mine));
        assertEquals(List.of(ok), ids(read(r -> r.approvals(ApprovalState.APPROVED)), mine));
        assertEquals(List.of(no, p2, ok, p1, bare.id()), ids(read(r -> r.approvals(null)), mine));
        assertEquals(List.of(ok), ids(read(r -> r.approvals("promotion", "r-" + ok)), mine), "by subject");
        assertEquals(List.of(), ids(read(r -> r.approvals("stage", "r-" + ok)), mine), "the kind must match too");
        assertEquals(List.of(bare.id()), ids(read(r -> r.approvals("stage", "models/churn/4")), mine));

        Approval decided = approval(p1, ApprovalState.APPROVED, at(100));
        write(r -> r.updateApproval(decided));
        assertEquals(decided, read(r -> r.findApproval(p1)).orElseThrow());
        assertEquals(List.of(p2), ids(read(r -> r.approvals(ApprovalState.PENDING)), mine));
        assertThrows(NotFoundException.class,
                () -> write(r -> r.updateApproval(approval(unique("ghost"), ApprovalState.APPROVED, at(0)))));
        assertThrows(ConflictException.class, () -> write(r -> r.insertApproval(pending2)));
    }

    @Test
    void lockApprovalHoldsTheRowUntilTheUnitEnds() throws Exception {
        String id = unique("ap");
        write(r -> r.insertApproval(approval(id, ApprovalState.PENDING, at(0))));
        assertLockedWhileHeld("approval", "id", id, r -> r.lockApproval(id).orElseThrow());
    }

    /** Free-form maps keep JSON's shapes: a record put into evidence is read back as a map of its fields. */
    @Test
    void evidenceHoldsPlainJsonValues() {
        String id = unique("ap");
        Measurement m = new Measurement("errors", "error_rate", 0.2, 0.01, 100L, 900L, 0.05, Verdict.FAILURE, "too many");
        Approval a = new Approval(id, "promotion", "r-x", "churn", ApprovalState.PENDING, "alice", null, at(0), null, null,
                null, null, null, Map.of("measurement", m, "at", at(0)));
        write(r -> r.insertApproval(a));
        Map<String, Object> evidence = read(r -> r.findApproval(id)).orElseThrow().evidence();
        assertEquals(Map.of("rule", "errors", "metric", "error_rate", "candidate", 0.2, "stable", 0.01, "candidateCount",
                100, "stableCount", 900, "limit", 0.05, "verdict", "FAILURE", "reason", "too many"),
                evidence.get("measurement"));
        assertEquals(at(0).toString(), evidence.get("at"));
    }

    private static List<String> ids(List<Approval> list, Set<String> mine) {
        return list.stream().map(Approval::id).filter(mine::contains).toList();
    }

    // ---------------------------------------------------------------- locking helper

    private interface Lock {
        void take(DeploymentRepository r);
    }

    /**
     * Takes the lock inside a unit of work and, while that unit still runs, has another
     * connection try to change the row: it must time out. After the unit ends the change goes
     * through.
     */
    private static void assertLockedWhileHeld(String table, String key, String value, Lock lock) throws Exception {
        String change = "UPDATE " + table + " SET " + key + " = " + key + " WHERE " + key + " = ?";
        try (Connection other = TestRuntime.rawConnection()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute(TestRuntime.postgres() ? "SET lock_timeout = '300ms'" : "SET LOCK_TIMEOUT 300");
            }
            CompletableFuture<SQLException> blocked = new CompletableFuture<>();
            store.write(tx -> {
                lock.take(tx.deployments());
                // A thread of its own: this one is the store's writer and holds the lock.
                Thread t = Thread.ofPlatform().start(() -> {
                    try (PreparedStatement ps = other.prepareStatement(change)) {
                        ps.setString(1, value);
                        ps.executeUpdate();
                        blocked.complete(null);
                    } catch (SQLException e) {
                        blocked.complete(e);
                    }
                });
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            SQLException e = blocked.get(1, TimeUnit.SECONDS);
            assertTrue(e != null, "another connection changed a locked " + table + " row");
            other.rollback();
            try (PreparedStatement ps = other.prepareStatement(change)) {
                ps.setString(1, value);
                assertEquals(1, ps.executeUpdate());
            }
            other.commit();
        }
    }
}
