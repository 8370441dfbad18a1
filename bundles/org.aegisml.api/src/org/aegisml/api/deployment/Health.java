package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.List;

/**
 * A deployment's health from 0 (failing) to 100, the lowest of its components' scores, each
 * component one analysis metric of what serves the endpoint now (the candidate's when a
 * rollout runs, else the stable's) over the window ending at {@code at}.
 */
public record Health(String deployment, int score, Instant at, List<Component> components) {
    public Health {
        components = List.copyOf(components);
    }

    /** One metric's contribution: its value, the limit it is held to, its score and why. */
    public record Component(String name, Double value, Double limit, int score, String detail) {
    }
}
