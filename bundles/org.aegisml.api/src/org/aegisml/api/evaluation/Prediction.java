package org.aegisml.api.evaluation;

/**
 * A version's answer to one example: the {@code output} (a number, a label or a text), the
 * {@code probability} of the positive class where the model gave one, and what the call cost.
 * {@code error} is set when no usable answer came (the backend failed, timed out, or answered
 * something without an output); the example is then failed for every metric.
 */
public record Prediction(Object output, Double probability, Double latencyMs, Long inputTokens, Long outputTokens,
        Double cost, String error) {

    public static Prediction failed(String error, Double latencyMs) {
        return new Prediction(null, null, latencyMs, null, null, null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
