package org.aegisml.api.evaluation;

import java.time.Instant;

/** An approver's decision to let a failed regression test's candidate be promoted anyway. */
public record RegressionOverride(String by, String byName, String reason, Instant at) {
}
