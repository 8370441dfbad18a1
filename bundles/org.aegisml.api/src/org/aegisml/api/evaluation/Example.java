package org.aegisml.api.evaluation;

import java.util.Map;

/**
 * One dataset row: its id (the row's {@code id} column, else its 1-based row number), the
 * inputs sent to the version (features, or a prompt's variables and {@code input}) and what is
 * expected of the answer.
 */
public record Example(String id, Map<String, Object> inputs, Expectation expected) {
    public Example {
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        expected = expected == null ? Expectation.NONE : expected;
    }
}
