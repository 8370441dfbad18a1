package org.aegisml.api.provider;

import java.util.List;
import java.util.Optional;
import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Autoscalers of hosted deployments: one policy per deployment, acted on through the deployment's
 * {@link ModelHost#scale}; every change of replicas and of a policy is in the audit log.
 */
@ProviderType
public interface Autoscaling {

    /** Creates or replaces the deployment's policy; throws ValidationException for impossible settings. */
    AutoscalingPolicy put(AutoscalingPolicy policy, Actor actor);

    Optional<AutoscalingPolicy> policy(String deployment);

    List<AutoscalingPolicy> policies();

    void delete(String deployment, Actor actor);

    /** The latest decisions for a deployment, newest first (kept in memory, at most 100). */
    List<ScalingDecision> decisions(String deployment);
}
