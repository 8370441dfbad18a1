package org.aegisml.api.evaluation;

import java.util.List;

/**
 * What an {@link Evaluator} computed for one metric over a list of observations: the value
 * (null when undefined, e.g. R² of a constant target) and one score per observation, in the
 * same order. {@code decomposable}: the value is the mean of the per-example scores, so a
 * regression test may resample those scores; otherwise it recomputes the metric on resampled
 * observations.
 */
public record MetricResult(Double value, List<ExampleScore> scores, boolean decomposable) {
    public MetricResult {
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    /** The mean of the scores that did not fail, as the value of a decomposable metric. */
    public static MetricResult mean(List<ExampleScore> scores) {
        double sum = 0;
        long n = 0;
        for (ExampleScore s : scores) {
            if (s.ok() && s.score() != null) {
                sum += s.score();
                n++;
            }
        }
        return new MetricResult(n == 0 ? null : sum / n, scores, true);
    }
}
