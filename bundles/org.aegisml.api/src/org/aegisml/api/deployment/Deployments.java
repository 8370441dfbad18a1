package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Deployments and their rollouts. Bad input throws {@link org.aegisml.api.ValidationException}
 * (unknown versions, weights out of range or steps not ending at 100, unknown metrics,
 * backends of an unknown type); an unknown deployment or rollout
 * {@link org.aegisml.api.NotFoundException}; a second active rollout on one endpoint, or an
 * action the rollout's state does not allow, {@link org.aegisml.api.ConflictException}; a
 * candidate backend that does not answer at rollout start {@link org.aegisml.api.UnavailableException}.
 * Every change is atomic and audited; nothing is half-applied.
 */
@ProviderType
public interface Deployments {

    Deployment create(DeploymentSpec spec, Actor actor);

    Optional<Deployment> find(String name);

    /** Every deployment, by name. */
    List<Deployment> list();

    /** Deletes a deployment that has no active rollout. */
    void delete(String name, Actor actor);

    /** Starts a rollout: {@code PENDING_APPROVAL} if it needs approval, else {@code PROGRESSING} at step 1. */
    Rollout startRollout(String deployment, RolloutSpec spec, Actor actor);

    /** The rollout with its analysis runs and timeline. */
    Optional<Rollout> rollout(String id);

    /** A deployment's rollouts, newest first, without their analyses and timelines. */
    List<Rollout> rollouts(String deployment);

    /** Applies an operator's action; {@code reason} is recorded with it. */
    Rollout act(String rollout, RolloutAction action, String reason, Actor actor);

    Health health(String deployment);

    /**
     * One controller pass as of {@code now}: every active rollout whose interval is due is
     * measured and advanced, promoted, paused or rolled back. The scheduler calls this on the
     * one replica holding the controller lock; tests call it to step time by hand.
     */
    void reconcile(Instant now);
}
