package org.aegisml.api.evaluation;

/**
 * One metric of a run: its value over the examples that could be scored ({@code scored}),
 * how many could not ({@code failed}), and {@code failure} when the whole metric failed (its
 * evaluator threw or is not installed).
 */
public record MetricValue(String name, Double value, boolean higherIsBetter, long scored, long failed, String failure) {
}
