package org.aegisml.api.monitoring;

import java.util.List;

/**
 * What the LLM scorers see of one call. {@code context} holds retrieved passages (may be
 * empty); {@code samples} holds alternative outputs for the same input, when the caller
 * sampled several (may be empty). {@code input} and {@code output} may be null.
 */
public record LlmCall(String model, String input, String output, List<String> context, List<String> samples) {
    public LlmCall {
        context = context == null ? List.of() : List.copyOf(context);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }
}
