package org.aegisml.deployment.internal;

import java.time.Instant;

import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Target;

/** Copies of the immutable rollout and deployment records with a few fields changed. */
final class RolloutBuilder {
    private final Rollout r;
    RolloutState state;
    int step;
    int weight;
    Instant stepStartedAt;
    int failures;
    int inconclusives;
    String approval;
    Instant updatedAt;
    Instant endedAt;
    String reason;

    RolloutBuilder(Rollout r) {
        this.r = r;
        state = r.state();
        step = r.step();
        weight = r.candidateWeight();
        stepStartedAt = r.stepStartedAt();
        failures = r.failures();
        inconclusives = r.inconclusives();
        approval = r.approval();
        updatedAt = r.updatedAt();
        endedAt = r.endedAt();
        reason = r.reason();
    }

    Rollout build() {
        return new Rollout(r.id(), r.deployment(), r.strategy(), r.stable(), r.candidate(), r.spec(), state, step, weight,
                stepStartedAt, failures, inconclusives, approval, r.createdBy(), r.createdAt(), updatedAt, endedAt, reason,
                null, null, null, null);
    }

    /** The deployment with new routing and candidate (null: none), naming {@code rollout} as active (null: none). */
    static Deployment routed(Deployment d, Target candidate, Routing routing, String rollout, Instant now) {
        return new Deployment(d.name(), d.description(), d.project(), d.stable(), candidate, routing, d.capture(), rollout,
                d.previous(), d.previousWarmUntil(), d.createdBy(), d.createdAt(), now, d.revision() + 1);
    }

    /** The deployment after a switch of its stable: {@code previous} stays warm until {@code warmUntil}. */
    static Deployment switched(Deployment d, Target stable, Target previous, Instant warmUntil, Instant now) {
        return new Deployment(d.name(), d.description(), d.project(), stable, null, Routing.STABLE_ONLY, d.capture(), null,
                previous, warmUntil, d.createdBy(), d.createdAt(), now, d.revision() + 1);
    }
}
