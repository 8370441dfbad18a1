package org.aegisml.evaluation.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.Observation;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks on the output's form: {@code regex} (the output contains a match of the example's
 * {@code expected_regex}, else of the option {@code pattern}) and {@code json_schema} (the
 * output is JSON satisfying the example's {@code expected_schema}, else the option
 * {@code schema}). 1 when it passes, 0 when not, with what failed as the detail; an example
 * with neither the check nor an option is not counted.
 */
@Component(service = Evaluator.class)
public final class CheckEvaluator implements Evaluator {
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    @Override
    public Set<String> metrics() {
        return Set.of("regex", "json_schema");
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        List<ExampleScore> scores = new ArrayList<>(obs.size());
        for (Observation o : obs) {
            String out = Values.text(o.prediction().output());
            if (out == null) {
                scores.add(ExampleScore.failed("the answer has no text"));
            } else if (metric.equals("regex")) {
                scores.add(regex(o.example().expected().regex(), options.get("pattern"), out));
            } else {
                scores.add(schema(o.example().expected().schema(), options.get("schema"), out));
            }
        }
        return MetricResult.mean(scores);
    }

    private ExampleScore regex(String own, Object option, String out) {
        String re = own != null ? own : option == null ? null : option.toString();
        if (re == null) return new ExampleScore(null, "no regex for this example", null);
        Pattern p;
        try {
            p = patterns.computeIfAbsent(re, Pattern::compile);
        } catch (PatternSyntaxException e) {
            return ExampleScore.failed("the regex does not compile: " + e.getDescription());
        }
        return p.matcher(out).find() ? ExampleScore.of(1) : ExampleScore.of(0, "no match of " + re);
    }

    private static ExampleScore schema(Object own, Object option, String out) {
        Object s = own != null ? own : option;
        if (s == null) return new ExampleScore(null, "no schema for this example", null);
        JsonNode schema;
        try {
            schema = s instanceof String text ? Json.MAPPER.readTree(text) : Json.MAPPER.valueToTree(s);
        } catch (IOException e) {
            return ExampleScore.failed("the schema is not JSON");
        }
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(out);
        } catch (IOException e) {
            return ExampleScore.of(0, "the answer is not JSON");
        }
        if (value == null) return ExampleScore.of(0, "the answer is empty");
        String v = JsonSchema.violation(schema, value);
        return v == null ? ExampleScore.of(1) : ExampleScore.of(0, v);
    }
}
