package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point for analysis metrics beyond the monitoring summaries (evaluation
 * scores, a provider's own endpoint metrics): register one and rules may name its metrics.
 * Called on the controller's thread; must answer within a second or two and never block on a
 * human. A provider that throws makes the measurement inconclusive, not failed.
 */
@ConsumerType
public interface AnalysisMetric {

    /** The metric names this provider answers, lower case. */
    Set<String> metrics();

    /**
     * The metric's value for {@code target} on {@code endpoint} over {@code [from, to)}, empty
     * when there is none yet, with the number of observations behind it.
     */
    Value measure(String metric, Target target, String endpoint, Instant from, Instant to);

    /** A value and how many observations it rests on; an empty value is inconclusive. */
    record Value(OptionalDouble value, long samples) {
    }
}
