package org.aegisml.backends.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code http-json}: POSTs the request body as it came to {@code backend.url} and answers
 * with whatever the server answered (status, body, content type). Options: {@code header.<Name>}
 * adds a header to every call (an API key the model server wants, say).
 */
@Component(service = InferenceBackend.class, property = "type=" + HttpJsonBackend.TYPE)
public final class HttpJsonBackend implements InferenceBackend {
    static final String TYPE = "http-json";
    /** Probing is a quick yes/no: a long backend timeout must not hold a rollout start for minutes. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final HttpTransport http;

    @Activate
    public HttpJsonBackend(@Reference HttpTransport http) {
        this.http = http;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Backend backend) {
        Settings.validate(backend, Set.of());
    }

    @Override
    public CompletableFuture<InferenceResponse> call(Backend backend, InferenceRequest request) {
        return http.post(backend.url(), Settings.headers(backend, request.headers(), Map.of()), request.body(),
                request.deadline())
                .thenApply(a -> new InferenceResponse(a.status(), a.body(), a.contentType(), null, null, null));
    }

    @Override
    public CompletableFuture<Boolean> probe(Backend backend) {
        return http.probe(backend.url(), min(backend.timeout(), PROBE_TIMEOUT));
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
