package org.aegisml.api.evaluation;

import java.util.Map;

/** One example of a run as stored: the row, the answer, and each metric's score on it. */
public record ExampleResult(int index, Example example, Prediction prediction, Map<String, ExampleScore> scores) {
    public ExampleResult {
        scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    }
}
