package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.Observation;
import org.aegisml.api.evaluation.Prediction;
import org.osgi.service.component.annotations.Component;

/**
 * What answers cost: {@code latency_ms} (mean), {@code latency_p95}, {@code tokens} (mean
 * input plus output tokens) and {@code cost} (mean cost of an answer, as the backend or the
 * supplied prediction reported it). Examples without the figure are not counted. Lower is better.
 */
@Component(service = Evaluator.class)
public final class OperationalEvaluator implements Evaluator {
    @Override
    public Set<String> metrics() {
        return Set.of("latency_ms", "latency_p95", "tokens", "cost");
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return false;
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        List<ExampleScore> scores = new ArrayList<>(obs.size());
        for (Observation o : obs) {
            Double v = value(metric, o.prediction());
            scores.add(v == null ? new ExampleScore(null, "not reported", null) : ExampleScore.of(v));
        }
        if (!metric.equals("latency_p95")) return MetricResult.mean(scores);
        double[] xs = scores.stream().filter(s -> s.score() != null).mapToDouble(ExampleScore::score).toArray();
        return new MetricResult(xs.length == 0 ? null : Stats.percentile(xs, 0.95), scores, false);
    }

    private static Double value(String metric, Prediction p) {
        return switch (metric) {
            case "tokens" -> p.inputTokens() == null && p.outputTokens() == null ? null
                    : (double) ((p.inputTokens() == null ? 0 : p.inputTokens()) + (p.outputTokens() == null ? 0 : p.outputTokens()));
            case "cost" -> p.cost();
            default -> p.latencyMs();
        };
    }

}
