package org.aegisml.api.evaluation;

/**
 * One metric on one example: the score (1/0 for a hit or a miss, an error, a judge's grade),
 * a {@code detail} kept beside it (a judge's reasoning, what a check found), or a
 * {@code failure} saying why this example could not be scored; a failed example does not count
 * in the metric's value.
 */
public record ExampleScore(Double score, String detail, String failure) {
    public static ExampleScore of(double score) {
        return new ExampleScore(score, null, null);
    }

    public static ExampleScore of(double score, String detail) {
        return new ExampleScore(score, detail, null);
    }

    public static ExampleScore failed(String reason) {
        return new ExampleScore(null, null, reason);
    }

    public boolean ok() {
        return failure == null;
    }
}
