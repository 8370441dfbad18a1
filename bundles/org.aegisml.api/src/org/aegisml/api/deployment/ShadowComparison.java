package org.aegisml.api.deployment;

import java.time.Instant;

/**
 * One request answered by stable and copied to a shadow: whether the shadow answered at all
 * (and its status), both latencies, whether the outputs were equal and, for text, their
 * similarity (token F1, 0 to 1).
 */
public record ShadowComparison(String rollout, String requestId, Instant at, boolean shadowOk, String shadowError,
        double stableLatencyMs, Double shadowLatencyMs, boolean equal, Double similarity) {
}
