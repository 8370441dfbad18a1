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
 * Regression metrics: MAE (mean |y - ŷ|), RMSE (root of the mean squared error) and R²
 * (1 - SSres/SStot, undefined when every true value is the same). Each example's score is its
 * absolute error (MAE) or squared error (RMSE, R²).
 */
@Component(service = Evaluator.class)
public final class RegressionMetricsEvaluator implements Evaluator {
    @Override
    public Set<String> metrics() {
        return Set.of("mae", "rmse", "r2");
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return metric.equals("r2");
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        List<ExampleScore> scores = new ArrayList<>(obs.size());
        double sumY = 0, sumSq = 0;
        List<Double> ys = new ArrayList<>();
        for (Observation o : obs) {
            Double y = Values.number(o.example().expected().value());
            Double p = Values.number(o.prediction().output());
            if (y == null) {
                scores.add(ExampleScore.failed("the expected value is not a number"));
            } else if (p == null) {
                scores.add(ExampleScore.failed("the answer is not a number"));
            } else {
                double e = y - p;
                scores.add(ExampleScore.of(metric.equals("mae") ? Math.abs(e) : e * e));
                sumY += y;
                sumSq += e * e;
                ys.add(y);
            }
        }
        if (metric.equals("mae")) return MetricResult.mean(scores);
        if (ys.isEmpty()) return new MetricResult(null, scores, false);
        if (metric.equals("rmse")) return new MetricResult(Math.sqrt(sumSq / ys.size()), scores, false);
        double mean = sumY / ys.size(), ssTot = 0;
        for (double y : ys) ssTot += (y - mean) * (y - mean);
        return new MetricResult(ssTot == 0 ? null : 1 - sumSq / ssTot, scores, false);
    }
}
