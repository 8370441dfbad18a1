package org.aegisml.api.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point: computes one or more metrics over a run's observations.
 * Register one and evaluation specs may name its metrics; unregister it and they are refused
 * as unknown. Only observations whose prediction succeeded are passed. An evaluator that throws
 * is isolated: its metric is marked failed on every example with the reason, and the run's
 * other metrics stand. Must be safe to call from several runs at once.
 */
@ConsumerType
public interface Evaluator {

    /** The metric names this evaluator computes, lower snake case (e.g. {@code accuracy}). */
    Set<String> metrics();

    /** Whether a higher value of {@code metric} is better (false for errors, latency, cost). */
    default boolean higherIsBetter(String metric) {
        return true;
    }

    /**
     * Computes {@code metric}. {@code options} are the spec's options for this metric (a
     * positive label, a threshold, a judge's settings...), never null.
     */
    MetricResult evaluate(String metric, List<Observation> observations, Map<String, Object> options);
}
