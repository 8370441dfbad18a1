package org.aegisml.provider.kubernetes.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canary by replica ratio: one Service selects every version's pods, so each version answers
 * about its share of the ready pods. Given the weights (percent, summing to 100) and the
 * endpoint's current replica total, the total kept is {@code max(current total, number of
 * nonzero weights)}; each version with a nonzero weight gets one replica, and the rest are given
 * one at a time to the version furthest below its exact share ({@code weight * total / 100}),
 * ties going to the larger weight, then to the first in the map's order (the host passes
 * versions ordered by model name and version number). A weight of 0 gets 0 replicas.
 * So 90/10 of 10 replicas is 9/1, 50/50 is 5/5, and 90/10 of 2 replicas is 1/1: with few
 * replicas a small canary weight gets more traffic than asked, never none.
 */
final class ReplicaSplit {
    private ReplicaSplit() {
    }

    /** Replicas per key, in the order of {@code weights}. */
    static <K> Map<K, Integer> split(Map<K, Integer> weights, int currentTotal) {
        int nonzero = (int) weights.values().stream().filter(w -> w > 0).count();
        int total = Math.max(currentTotal, nonzero);
        Map<K, Integer> replicas = new LinkedHashMap<>();
        weights.forEach((k, w) -> replicas.put(k, w > 0 ? 1 : 0));
        for (int left = total - nonzero; left > 0; left--) {
            K best = null;
            long bestDeficit = Long.MIN_VALUE;
            int bestWeight = -1;
            for (Map.Entry<K, Integer> e : weights.entrySet()) {
                int w = e.getValue();
                if (w <= 0) continue;
                // deficit scaled by 100 to stay in integers: w * total - 100 * replicas
                long deficit = (long) w * total - 100L * replicas.get(e.getKey());
                if (deficit > bestDeficit || (deficit == bestDeficit && w > bestWeight)) {
                    best = e.getKey();
                    bestDeficit = deficit;
                    bestWeight = w;
                }
            }
            replicas.merge(best, 1, Integer::sum);
        }
        return replicas;
    }
}
