package org.aegisml.api.deployment;

/**
 * A backend's answer: the HTTP-like status, the body and its content type, and for LLM calls
 * the token counts the server reported (null when it did not) and the generated text (for
 * monitoring). A status of 500 or more counts as an error of the version that answered.
 */
public record InferenceResponse(int status, byte[] body, String contentType, Long inputTokens, Long outputTokens,
        String outputText) {

    public boolean ok() {
        return status < 500;
    }
}
