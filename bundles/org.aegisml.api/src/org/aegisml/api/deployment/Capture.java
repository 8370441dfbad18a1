package org.aegisml.api.deployment;

/**
 * What the gateway puts in the monitoring event of each call besides version, arm, latency,
 * status and tokens: the request's input, the answer's output (text for LLM calls, the JSON
 * for others) and the numeric and string top-level fields of an invoke body as features.
 * Null means: features yes, inputs and outputs no (they may hold personal data).
 */
public record Capture(Boolean inputs, Boolean outputs, Boolean features) {
    public static final Capture DEFAULT = new Capture(false, false, true);

    public Capture {
        inputs = inputs != null && inputs;
        outputs = outputs != null && outputs;
        features = features == null || features;
    }
}
