package org.aegisml.api.deployment;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard listener told, after commit, of every change to a deployment made in this
 * process (the gateway uses it to apply a rollback's weight 0 at once). Changes made by other
 * replicas are not announced: a listener that must see them polls
 * {@link Deployments#list()} as well. Called on the changing thread: must not block.
 */
@ConsumerType
public interface DeploymentListener {

    /** {@code deployment} is the state just committed; null {@code deployment} with {@code name}: deleted. */
    void changed(String name, Deployment deployment);
}
