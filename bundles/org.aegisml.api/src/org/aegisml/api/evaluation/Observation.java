package org.aegisml.api.evaluation;

/** An example with the answer it got: what an {@link Evaluator} scores. */
public record Observation(Example example, Prediction prediction) {
}
