package org.aegisml.api.provider;

import java.util.Map;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.registry.VersionRef;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs model versions on a provider's own serving infrastructure (SageMaker endpoints, Vertex AI
 * endpoints, Azure ML online endpoints, Kubernetes Deployments) and splits an endpoint's traffic
 * between them. A deployment target whose {@link Backend#type()} equals {@link #type()} is
 * <em>hosted</em>: the rollout controller deploys the candidate through {@link #deploy}, moves each
 * canary step and every rollback through {@link #route}, and removes the version that lost through
 * {@link #undeploy}, so the provider's own weights always match the rollout's.
 * <p>
 * Hosted backends' options are provider specific (image, model data URI, instance type,
 * namespace...); {@link #validate} checks them before anything is stored. The option
 * {@value #ENDPOINT_OPTION} names the provider-side endpoint; without it the deployment's name is
 * used.
 * <p>
 * Every method is idempotent (the controller repeats a call that may or may not have taken
 * effect), blocks until the provider accepted the change (not until instances are ready:
 * readiness is {@link #status}), and throws {@link org.aegisml.api.ValidationException} for
 * settings the provider refuses, {@link org.aegisml.api.NotFoundException} for an unknown endpoint
 * and {@link org.aegisml.api.UnavailableException} when the provider cannot be reached.
 * Register with the service property {@value Provider#PROPERTY}.
 */
@ConsumerType
public interface ModelHost {

    /** The backend option naming the endpoint at the provider. */
    String ENDPOINT_OPTION = "endpoint";

    /** The backend type hosted targets name, e.g. {@code sagemaker}, {@code kubernetes}. */
    String type();

    /** Checks a hosted backend's options; throws {@link org.aegisml.api.ValidationException}. */
    void validate(Backend backend);

    /**
     * Makes {@code placement.version()} run on its endpoint, creating the endpoint when it does not
     * exist (then with all traffic on this version) or adding the version with weight 0 when the
     * endpoint already serves others. Deploying a version that is already there changes nothing.
     */
    HostStatus deploy(Placement placement);

    /**
     * Sets the share of live traffic each version on {@code endpoint} answers, in percent; the
     * values sum to 100 and every version named must be deployed there. Versions not named keep
     * no traffic.
     */
    HostStatus route(String endpoint, Map<VersionRef, Integer> weights);

    /** Sets the number of replicas (instances, pods) serving one version on an endpoint. */
    HostStatus scale(String endpoint, VersionRef version, int replicas);

    /** What the provider reports now: versions, weights, replicas wanted and ready, recent events. */
    HostStatus status(String endpoint);

    /**
     * Removes one version from an endpoint; removing the last version removes the endpoint.
     * Removing a version that is not there is not an error.
     */
    void undeploy(String endpoint, VersionRef version);

    /** The endpoint a hosted backend serves on: its {@value #ENDPOINT_OPTION} option, else {@code deployment}. */
    static String endpoint(Backend backend, String deployment) {
        String e = backend.options().get(ENDPOINT_OPTION);
        return e == null || e.isBlank() ? deployment : e;
    }
}
