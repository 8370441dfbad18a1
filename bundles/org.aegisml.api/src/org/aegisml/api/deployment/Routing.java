package org.aegisml.api.deployment;

/**
 * How the gateway splits an endpoint's traffic right now. {@code candidateWeight} (0 to 100)
 * is the percentage of live requests the candidate answers ({@link Strategy#CANARY},
 * {@link Strategy#AB}, {@link Strategy#BLUE_GREEN} after the switch); {@code shadowPercent}
 * (0 to 100) the percentage of requests copied to the candidate whose answer the client never
 * sees. {@code stickyKey} names what keeps a caller on one arm: {@code header:X-User} or
 * {@code field:user_id}; null means each request is assigned on its own. With no rollout the
 * routing is {@link #STABLE_ONLY}.
 */
public record Routing(Strategy strategy, int candidateWeight, int shadowPercent, String stickyKey) {
    public static final Routing STABLE_ONLY = new Routing(null, 0, 0, null);
}
