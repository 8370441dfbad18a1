package org.aegisml.api.provider;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.registry.VersionRef;

/**
 * What {@link ModelHost#deploy} is asked to run: {@code version} on {@code endpoint} with
 * {@code replicas} instances, as its hosted {@code backend} describes (image, model data, machine
 * type in the backend's options). {@code project} is attributed in the provider's cost-allocation
 * tags or labels, with the model, version and endpoint (see {@link org.aegisml.api.cost.CostSource}).
 */
public record Placement(String endpoint, VersionRef version, Backend backend, int replicas, String project) {
    public Placement {
        if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1");
    }
}
