package org.aegisml.api.deployment;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Routes live calls to an endpoint's versions by its current {@link Routing}, copies shadow
 * traffic, and emits a monitoring event for every call without waiting on storage. Completes
 * exceptionally with {@link org.aegisml.api.NotFoundException} for an unknown endpoint,
 * {@link org.aegisml.api.ValidationException} for a body that is not what the endpoint
 * takes, and {@link org.aegisml.api.UnavailableException} when the chosen backend cannot
 * answer (timeout, refused, circuit open).
 */
@ProviderType
public interface Gateway {

    /** {@code POST /v1/endpoints/{endpoint}/invoke}: a JSON body in, the backend's JSON out. */
    CompletableFuture<GatewayResponse> invoke(String endpoint, byte[] body, Map<String, String> headers);

    /** {@code POST /v1/endpoints/{endpoint}/chat/completions}: an OpenAI chat request in, its answer out. */
    CompletableFuture<GatewayResponse> chat(String endpoint, byte[] body, Map<String, String> headers);

    /**
     * Calls to {@code endpoint} this gateway has accepted and not yet answered: the queue an
     * autoscaler scales on. 0 for an endpoint it does not know.
     */
    int inFlight(String endpoint);
}
