package org.aegisml.api.policy;

import java.util.Locale;

/** Where in the loop a policy is asked. */
public enum DecisionPoint {
    /** A registry version moves to a stage ({@code to}: staging, production, archived). */
    PROMOTION,
    /** A rollout is asked to start on a deployment. */
    ROLLOUT_START,
    /** The rollout controller is about to move a rollout on (each analysis, each step). */
    ROLLOUT_STEP,
    /** A call to an LLM endpoint, before it reaches the model (the input guard). */
    GATEWAY_REQUEST,
    /** The model's answer to an LLM call, before it reaches the client (the output guard). */
    GATEWAY_RESPONSE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The point named {@code s} (case-insensitive; '-' or '_'), or null. */
    public static DecisionPoint parse(String s) {
        if (s == null) return null;
        String n = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (DecisionPoint p : values()) if (p.name().equals(n)) return p;
        return null;
    }

    /** The two gateway points: on the live path, where a decision must take microseconds. */
    public boolean live() {
        return this == GATEWAY_REQUEST || this == GATEWAY_RESPONSE;
    }
}
