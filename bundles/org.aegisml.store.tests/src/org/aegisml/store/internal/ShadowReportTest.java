package org.aegisml.store.internal;

import static org.aegisml.store.internal.DeploymentFixtures.at;
import static org.aegisml.store.internal.DeploymentFixtures.rollout;
import static org.aegisml.store.internal.DeploymentFixtures.sparseDeployment;
import static org.aegisml.store.internal.DeploymentFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.deployment.ShadowReport;
import org.aegisml.api.store.Store;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shadow comparisons: stored as given, listed newest first, and summed up in SQL. */
class ShadowReportTest {
    static Store store;

    @BeforeAll
    static void start() throws Exception {
        TestRuntime.ensureStore();
        store = TestRuntime.service(Store.class);
    }

    private static String shadowRollout() {
        String dep = unique("shadow");
        String id = unique("r");
        store.write(tx -> {
            tx.deployments().insertDeployment(sparseDeployment(dep));
            tx.deployments().insertRollout(rollout(id, dep, RolloutState.PROGRESSING, at(0)));
            return null;
        });
        return id;
    }

    private static void insert(List<ShadowComparison> list) {
        store.write(tx -> {
            tx.deployments().insertShadowComparisons(list);
            return null;
        });
    }

    @Test
    void reportAddsUpKnownComparisons() {
        String r = shadowRollout();
        insert(List.of(
                new ShadowComparison(r, "q1", at(1), true, null, 10, 12.0, true, 1.0),
                new ShadowComparison(r, "q2", at(2), true, null, 20, 30.0, false, 0.5),
                new ShadowComparison(r, "q3", at(3), false, "timed out after 2 s", 30, null, false, null),
                new ShadowComparison(r, "q4", at(4), true, null, 40, 16.0, true, null)));
        // 4 compared, 1 failure, 2 equal; similarity over the two that have one; the stable
        // median over 10, 20, 30, 40; the shadow's over 12, 16, 30 (q3 has no latency).
        assertEquals(new ShadowReport(4, 1, 2, 0.75, 25.0, 16.0), store.read(tx -> tx.deployments().shadowReport(r)));
    }

    @Test
    void aRolloutWithoutComparisonsReportsZeros() {
        String r = shadowRollout();
        assertEquals(new ShadowReport(0, 0, 0, null, null, null), store.read(tx -> tx.deployments().shadowReport(r)));
        insert(List.of());
        assertEquals(List.of(), store.read(tx -> tx.deployments().shadowComparisons(r, 10)));
    }

    @Test
    void comparisonsRoundTripNewestFirstAndLongErrorsAreClipped() {
        String r = shadowRollout();
        ShadowComparison old = new ShadowComparison(r, "q1", at(1), true, null, 10.25, 11.5, true, 0.875);
        ShadowComparison failed = new ShadowComparison(r, "q2", at(3), false, "x".repeat(5000), 9.5, null, false, null);
        ShadowComparison mid = new ShadowComparison(r, "q3", at(2), true, null, 8, 7.0, false, 0.0);
        insert(List.of(old, failed, mid));
        List<ShadowComparison> two = store.read(tx -> tx.deployments().shadowComparisons(r, 2));
        assertEquals(2, two.size());
        assertEquals("q2", two.get(0).requestId());
        assertEquals(mid, two.get(1));
        String error = two.get(0).shadowError();
        assertEquals(4000, error.length());
        assertTrue(error.endsWith("…"), error.substring(3990));
        assertEquals(new ShadowComparison(r, "q2", at(3), false, error, 9.5, null, false, null), two.get(0));
        assertEquals(old, store.read(tx -> tx.deployments().shadowComparisons(r, 10)).get(2));
    }

    /** Medians come from the most recent comparisons only (see DeploymentRepo.shadowReport). */
    @Test
    void mediansFollowTheMostRecentSample() {
        String r = shadowRollout();
        int sample = DeploymentRepo.MEDIAN_SAMPLE;
        List<ShadowComparison> older = new ArrayList<>();
        for (int i = 0; i < sample + 1; i++) {
            older.add(new ShadowComparison(r, "old" + i, at(i), true, null, 100, 200.0, true, null));
        }
        insert(older);
        List<ShadowComparison> recent = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            recent.add(new ShadowComparison(r, "new" + i, at(100_000 + i), true, null, 1, 2.0, false, null));
        }
        insert(recent);
        ShadowReport report = store.read(tx -> tx.deployments().shadowReport(r));
        // Over all rows the medians would be 100 and 200; the counts still cover everything.
        assertEquals(new ShadowReport(2L * sample + 1, 0, sample + 1, null, 1.0, 2.0), report);
    }
}
