package org.aegisml.api.evaluation;

import java.util.List;

/**
 * What a dataset row expects of the answer: a {@code value} (a class label, a number, a
 * reference text), a {@code regex} the output must match, a JSON {@code schema} the output must
 * satisfy, and the {@code context} passages a grounded answer must rest on. Any may be absent.
 */
public record Expectation(Object value, String regex, Object schema, List<String> context) {
    public static final Expectation NONE = new Expectation(null, null, null, List.of());

    public Expectation {
        context = context == null ? List.of() : List.copyOf(context);
    }
}
