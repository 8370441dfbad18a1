package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.monitoring.Arm;
import org.junit.jupiter.api.Test;

/** Arm choice: weights, stickiness, arms and shadow shares. */
class SplitTest {
    static final SplittableRandom SEED = new SplittableRandom(42);

    static java.util.random.RandomGenerator random() {
        return SEED.split();
    }

    @Test
    void weightIsTheCandidatesShareOfRequests() {
        var r = random();
        for (int weight : new int[] { 1, 10, 30, 50, 90 }) {
            Routing routing = new Routing(Strategy.CANARY, weight, 0, null);
            int n = 100_000, c = 0;
            for (int i = 0; i < n; i++) if (Split.candidate(routing, true, Split.NO_BUCKET, r)) c++;
            assertEquals(weight / 100.0, c / (double) n, 0.01, "weight " + weight);
        }
    }

    @Test
    void zeroAndHundredAndNoCandidateAreExact() {
        var r = random();
        for (int i = 0; i < 10_000; i++) {
            assertFalse(Split.candidate(new Routing(Strategy.CANARY, 0, 0, null), true, Split.NO_BUCKET, r));
            assertTrue(Split.candidate(new Routing(Strategy.CANARY, 100, 0, null), true, Split.NO_BUCKET, r));
            assertFalse(Split.candidate(new Routing(Strategy.CANARY, 100, 0, null), false, Split.NO_BUCKET, r));
            assertFalse(Split.candidate(Routing.STABLE_ONLY, true, Split.NO_BUCKET, r));
        }
    }

    @Test
    void aStickyKeyAlwaysLandsOnTheSameSideAndKeysSplitByWeight() {
        var r = random();
        Routing ab = new Routing(Strategy.AB, 30, 0, "header:x-user");
        int onB = 0, users = 20_000;
        for (int u = 0; u < users; u++) {
            String key = "user-" + u;
            int bucket = Split.bucket("rollout-1", key);
            boolean first = Split.candidate(ab, true, bucket, r);
            for (int i = 0; i < 5; i++) {
                assertEquals(first, Split.candidate(ab, true, Split.bucket("rollout-1", key), r), key);
            }
            if (first) onB++;
        }
        assertEquals(0.30, onB / (double) users, 0.015);
    }

    @Test
    void raisingTheWeightOnlyMovesKeysTowardsTheCandidate() {
        var r = random();
        for (int u = 0; u < 5_000; u++) {
            int bucket = Split.bucket("r", "k" + u);
            boolean at20 = Split.candidate(new Routing(Strategy.CANARY, 20, 0, "field:k"), true, bucket, r);
            boolean at60 = Split.candidate(new Routing(Strategy.CANARY, 60, 0, "field:k"), true, bucket, r);
            assertTrue(!at20 || at60, "a key on the candidate at 20% stays there at 60%");
        }
    }

    @Test
    void bucketsAreEvenAndEachRolloutSplitsAfresh() {
        int[] counts = new int[100];
        Map<Integer, Integer> both = new HashMap<>();
        int n = 100_000, same = 0;
        for (int i = 0; i < n; i++) {
            int a = Split.bucket("rollout-a", "u" + i), b = Split.bucket("rollout-b", "u" + i);
            counts[a]++;
            if ((a < 50) == (b < 50)) same++;
            both.merge(a, 1, Integer::sum);
        }
        for (int c : counts) assertEquals(1000, c, 150, "every bucket gets about 1% of keys");
        assertEquals(0.5, same / (double) n, 0.01, "two rollouts' 50/50 splits agree only by chance");
        assertEquals(Split.bucket("s", "key"), Split.bucket("s", "key"), "stable");
    }

    @Test
    void armsFollowTheStrategy() {
        Routing ab = new Routing(Strategy.AB, 50, 0, null);
        assertEquals(Arm.A, Split.arm(ab, false));
        assertEquals(Arm.B, Split.arm(ab, true));
        for (Strategy s : new Strategy[] { Strategy.CANARY, Strategy.BLUE_GREEN, Strategy.SHADOW }) {
            Routing r = new Routing(s, 50, 0, null);
            assertEquals(Arm.STABLE, Split.arm(r, false));
            assertEquals(Arm.CANARY, Split.arm(r, true));
        }
        assertEquals(Arm.STABLE, Split.arm(Routing.STABLE_ONLY, false));
    }

    @Test
    void shadowCopiesTheirShareOfStableAnsweredRequestsOnly() {
        var r = random();
        Routing shadow = new Routing(Strategy.SHADOW, 0, 25, null);
        int n = 100_000, copies = 0;
        for (int i = 0; i < n; i++) if (Split.shadow(shadow, true, false, r)) copies++;
        assertEquals(0.25, copies / (double) n, 0.01);
        for (int i = 0; i < 1000; i++) {
            assertFalse(Split.shadow(shadow, true, true, r), "the candidate answering is never also its own shadow");
            assertFalse(Split.shadow(shadow, false, false, r), "no candidate, no shadow");
            assertTrue(Split.shadow(new Routing(Strategy.SHADOW, 0, 100, null), true, false, r));
            assertFalse(Split.shadow(new Routing(Strategy.SHADOW, 0, 0, null), true, false, r));
        }
    }
}
