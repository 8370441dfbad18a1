package org.aegisml.gateway.internal;

import java.util.random.RandomGenerator;

import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.monitoring.Arm;

/**
 * Which side answers a request and whether a copy goes to the shadow, from the endpoint's
 * {@link Routing}. Pure and allocation-free: it runs on every request.
 * <ul>
 * <li>The candidate answers {@code candidateWeight}% of requests. With a sticky key the share
 * is taken over keys instead of requests: a key's bucket (0 to 99, a stable hash of the key
 * salted with the rollout) answers "candidate" when it is below the weight, so the same key
 * stays on one side while the weight holds, and raising the weight only ever moves keys from
 * stable to candidate. Without a key (or when the request lacks it) the draw is random.</li>
 * <li>Arms: {@link Strategy#AB} names the sides A (stable) and B (candidate); every other
 * strategy STABLE and CANARY.</li>
 * <li>While the stable side answers, {@code shadowPercent}% of requests are also copied to
 * the candidate (random, never sticky: shadow traffic is about volume, not users).</li>
 * </ul>
 */
final class Split {
    /** No sticky key for this request: draw at random. */
    static final int NO_BUCKET = -1;

    private Split() {
    }

    /** The answering side: true for the candidate. {@code bucket} is 0 to 99 or {@link #NO_BUCKET}. */
    static boolean candidate(Routing r, boolean hasCandidate, int bucket, RandomGenerator random) {
        if (!hasCandidate || r == null) return false;
        int w = r.candidateWeight();
        if (w <= 0) return false;
        if (w >= 100) return true;
        int b = bucket >= 0 ? bucket : random.nextInt(100);
        return b < w;
    }

    static Arm arm(Routing r, boolean candidate) {
        boolean ab = r != null && r.strategy() == Strategy.AB;
        if (candidate) return ab ? Arm.B : Arm.CANARY;
        return ab ? Arm.A : Arm.STABLE;
    }

    /** Whether this request (answered by stable) is also copied to the candidate. */
    static boolean shadow(Routing r, boolean hasCandidate, boolean candidateAnswers, RandomGenerator random) {
        if (!hasCandidate || candidateAnswers || r == null) return false;
        int p = r.shadowPercent();
        if (p <= 0) return false;
        return p >= 100 || random.nextInt(100) < p;
    }

    /**
     * A key's bucket, 0 to 99: FNV-1a over the salt and the key, then the MurmurHash3
     * finalizer so that similar keys (user-1, user-2) spread evenly. Stable across processes
     * and replicas, which all route one key the same way.
     */
    static int bucket(String salt, String key) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, salt);
        h = (h ^ 0x1F) * 0x100000001b3L;
        h = fnv(h, key);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 100);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        return h;
    }
}
