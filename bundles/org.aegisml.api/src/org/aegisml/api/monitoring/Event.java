package org.aegisml.api.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One inference as reported by a client or the gateway. {@code model} is the registered
 * model's name; {@code modelVersion} may be null (the version the model's {@code production}
 * alias points at, else its latest, is used). Feature values, {@code yPred} and {@code yTrue}
 * are {@link Double} or {@link String}; {@code yProba} is a {@link Double} (the positive or
 * predicted class), a {@code List<Double>} or a {@code Map<String, Double>}. Everything but
 * {@code model} may be null: {@code eventId} then gets a fresh id, {@code timestamp} the time
 * of receipt, {@code arm} {@link Arm#STABLE}, {@code error} false.
 */
public record Event(String eventId, String projectId, String model, Integer modelVersion, String endpoint,
        Instant timestamp, Double latencyMs, boolean error, Arm arm, Object yPred, Object yProba, Object yTrue,
        Map<String, Object> features, String promptVersion, String input, String output, List<String> context,
        List<String> samples, Long inputTokens, Long outputTokens, Double cost) {

    public Event {
        features = features == null ? Map.of() : features;
        context = context == null ? List.of() : context;
        samples = samples == null ? List.of() : samples;
    }

    /** An LLM call: one that carries text or tokens. */
    public boolean isLlm() {
        return input != null || output != null || inputTokens != null || outputTokens != null;
    }
}
