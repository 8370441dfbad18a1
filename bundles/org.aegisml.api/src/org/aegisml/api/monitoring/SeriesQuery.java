package org.aegisml.api.monitoring;

import java.time.Duration;
import java.time.Instant;

/**
 * One metric of one model over {@code [from, to)} in steps. {@code version} null: the
 * version the {@code production} alias points at, else the latest. {@code endpoint} and
 * {@code arm} null: all of them together.
 */
public record SeriesQuery(String model, Integer version, String endpoint, Arm arm, Metric metric, Instant from,
        Instant to, Duration step) {
}
