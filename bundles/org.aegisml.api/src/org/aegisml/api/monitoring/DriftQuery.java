package org.aegisml.api.monitoring;

import java.time.Instant;

/**
 * Drift of one model version's traffic in {@code [from, to)} against its baseline.
 * {@code version} null: the production alias, else the latest version. {@code endpoint} and
 * {@code arm} null: all of them.
 */
public record DriftQuery(String model, Integer version, String endpoint, Arm arm, Instant from, Instant to) {
}
