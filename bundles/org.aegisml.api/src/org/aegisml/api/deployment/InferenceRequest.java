package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.Map;

/**
 * One call as a backend receives it. {@code kind}: {@link Kind#INVOKE} (a JSON body for a
 * generic model server) or {@link Kind#CHAT} (an OpenAI chat-completions request body).
 * {@code headers} are the ones worth forwarding (lower-case names); {@code deadline} is when
 * the caller stops waiting, after which the backend must give up.
 */
public record InferenceRequest(Kind kind, byte[] body, Map<String, String> headers, Instant deadline) {
    public InferenceRequest {
        headers = headers == null ? Map.of() : headers;
    }

    public enum Kind {
        INVOKE, CHAT
    }
}
