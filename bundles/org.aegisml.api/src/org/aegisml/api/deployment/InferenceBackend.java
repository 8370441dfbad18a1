package org.aegisml.api.deployment;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Calls a version wherever it is served. Register an implementation as an OSGi service and
 * backends of its {@link #type()} become usable in deployments; unregister it and calls to
 * them fail with a clear reason.
 * <p>
 * {@link #call} is on the gateway's hot path: it must not block the calling thread, must honour
 * {@link InferenceRequest#deadline()}, and completes exceptionally with a
 * {@link BackendException} when no answer came. Retries on connect failure and the circuit
 * breaker are the gateway's, not the backend's.
 */
@ConsumerType
public interface InferenceBackend {

    /** Lower-case identifier deployments name, e.g. {@code http-json}, {@code openai-chat}. */
    String type();

    /** Checks a backend's settings before a deployment stores them; throws {@link org.aegisml.api.ValidationException}. */
    void validate(Backend backend);

    CompletableFuture<InferenceResponse> call(Backend backend, InferenceRequest request);

    /**
     * Whether the server answers at all (any HTTP answer counts), checked when a rollout
     * starts so that a candidate that is down is refused instead of rolled out.
     */
    CompletableFuture<Boolean> probe(Backend backend);
}
