package org.aegisml.api.deployment;

import java.time.Instant;

/**
 * An endpoint bound to a stable target and at most one candidate, with the routing the
 * gateway applies now. {@code previous} is the stable target before the last promotion, kept
 * warm until {@code previousWarmUntil} so a rollback can switch back at once. {@code rollout}
 * is the id of the active (not terminal) rollout, if any. {@code revision} grows with every
 * change, so a cached copy can tell it is stale.
 */
public record Deployment(String name, String description, String project, Target stable, Target candidate,
        Routing routing, Capture capture, String rollout, Target previous, Instant previousWarmUntil,
        String createdBy, Instant createdAt, Instant updatedAt, long revision) {

    /** The deployment with backend secrets masked, for showing. */
    public Deployment masked() {
        return new Deployment(name, description, project, stable.masked(), candidate == null ? null : candidate.masked(),
                routing, capture, rollout, previous == null ? null : previous.masked(), previousWarmUntil, createdBy,
                createdAt, updatedAt, revision);
    }
}
