package org.aegisml.api.evaluation;

/**
 * One metric of a run: its value over the examples that could be scored ({@code scored}),
 * how many could not ({@code failed}), and {@code failure} when the whole metric failed (its
 * evaluator threw or is not installed). {@code decomposable}: the value is the mean of the
 * per-example scores (see {@link MetricResult}).
 */
public record MetricValue(String name, Double value, boolean higherIsBetter, boolean decomposable, long scored, long failed,
        String failure) {
}
