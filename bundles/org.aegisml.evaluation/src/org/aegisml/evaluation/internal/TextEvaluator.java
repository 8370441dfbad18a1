package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.Observation;
import org.osgi.service.component.annotations.Component;

/**
 * Reference-based text metrics: exact match after normalization (option
 * {@code normalize=false} compares the raw strings), token F1 and ROUGE-L against the
 * example's expected value. All are per-example means.
 */
@Component(service = Evaluator.class)
public final class TextEvaluator implements Evaluator {
    @Override
    public Set<String> metrics() {
        return Set.of("exact_match", "token_f1", "rouge_l");
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        boolean normalize = Values.flag(options, "normalize", true);
        List<ExampleScore> scores = new ArrayList<>(obs.size());
        for (Observation o : obs) {
            String ref = Values.text(o.example().expected().value());
            String out = Values.text(o.prediction().output());
            if (ref == null) {
                scores.add(ExampleScore.failed("the example has no expected text"));
            } else if (out == null) {
                scores.add(ExampleScore.failed("the answer has no text"));
            } else {
                scores.add(ExampleScore.of(switch (metric) {
                    case "token_f1" -> Text.tokenF1(out, ref);
                    case "rouge_l" -> Text.rougeL(out, ref);
                    default -> (normalize ? Text.normalize(out).equals(Text.normalize(ref)) : out.equals(ref)) ? 1 : 0;
                }));
            }
        }
        return MetricResult.mean(scores);
    }
}
