package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a rollout's timeline: a state change, a step change, or a weight change, who
 * made it (a person, or {@code system} for the controller), why, and the figures behind an
 * automatic decision (the measured values that triggered a rollback).
 */
public record RolloutEvent(Instant at, String type, RolloutState state, int step, int candidateWeight, String actor,
        String reason, Map<String, Object> details) {
    public RolloutEvent {
        details = details == null ? Map.of() : details;
    }
}
