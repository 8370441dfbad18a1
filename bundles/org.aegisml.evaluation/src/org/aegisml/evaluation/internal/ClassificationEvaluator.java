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
 * Classification metrics. The expected value is the true label; the output is the predicted
 * label, or a probability in [0, 1] that is cut at {@code threshold} (default 0.5) when the
 * model answered with a probability only. Options: {@code positive} (the positive class;
 * default {@code 1}, or {@code true} when the labels are booleans), {@code average}
 * ({@code binary} or {@code macro}, for precision/recall/F1), {@code threshold}, {@code bins}
 * (ECE, default 10). Probability metrics need the positive class's probability: the
 * prediction's {@code probability}, else a probability-like output.
 */
@Component(service = Evaluator.class)
public final class ClassificationEvaluator implements Evaluator {
    static final Set<String> METRICS = Set.of("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss",
            "calibration_error");

    @Override
    public Set<String> metrics() {
        return METRICS;
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return !metric.equals("log_loss") && !metric.equals("calibration_error");
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        String positive = positive(obs, options);
        double threshold = Values.option(options, "threshold", 0.5);
        int n = obs.size();
        List<ExampleScore> scores = new ArrayList<>(n);
        List<Integer> usable = new ArrayList<>(n);
        List<String> ys = new ArrayList<>(n), ps = new ArrayList<>(n);
        List<Double> probs = new ArrayList<>(n);
        boolean needsProbability = metric.equals("roc_auc") || metric.equals("log_loss")
                || metric.equals("calibration_error");
        String negative = negative(obs, positive);
        for (Observation o : obs) {
            String y = Values.label(o.example().expected().value());
            Double prob = probability(o.prediction());
            String p = predicted(o.prediction(), prob, positive, negative, threshold);
            if (y == null) {
                scores.add(ExampleScore.failed("the example has no expected label"));
            } else if (needsProbability && prob == null) {
                scores.add(ExampleScore.failed("the answer has no probability in [0, 1]"));
            } else if (!needsProbability && p == null) {
                scores.add(ExampleScore.failed("the answer has no label"));
            } else {
                usable.add(scores.size());
                scores.add(null);
                ys.add(y);
                ps.add(p);
                probs.add(prob);
            }
        }
        if (usable.isEmpty()) return new MetricResult(null, scores, false);
        String[] y = ys.toArray(String[]::new), p = ps.toArray(String[]::new);
        boolean[] yb = new boolean[y.length];
        double[] pr = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            yb[i] = y[i].equals(positive);
            pr[i] = probs.get(i) == null ? Double.NaN : probs.get(i);
        }
        for (int k = 0; k < usable.size(); k++) {
            int i = usable.get(k);
            scores.set(i, switch (metric) {
                case "log_loss" -> ExampleScore.of(Classification.logLoss(yb[k], pr[k]));
                case "roc_auc", "calibration_error" -> ExampleScore.of(pr[k], yb[k] ? "positive" : "negative");
                default -> ExampleScore.of(y[k].equals(p[k]) ? 1 : 0, "expected " + y[k] + ", got " + p[k]);
            });
        }
        return switch (metric) {
            case "accuracy", "log_loss" -> MetricResult.mean(scores);
            case "roc_auc" -> new MetricResult(Classification.rocAuc(yb, pr), scores, false);
            case "calibration_error" -> new MetricResult(Classification.ece(yb, pr,
                    (int) Math.max(1, Values.option(options, "bins", 10))), scores, false);
            default -> new MetricResult(Classification.score(metric, y, p, positive,
                    "macro".equals(Values.option(options, "average", "binary"))), scores, false);
        };
    }

    static String positive(List<Observation> obs, Map<String, Object> options) {
        Object o = options.get("positive");
        if (o != null) return Values.label(o);
        for (Observation x : obs) {
            String y = Values.label(x.example().expected().value());
            if ("true".equalsIgnoreCase(y) || "false".equalsIgnoreCase(y)) return "true";
        }
        return "1";
    }

    /** The class that is not {@code positive} among the expected labels (for a probability-only answer), default 0. */
    private static String negative(List<Observation> obs, String positive) {
        if (positive.equals("true")) return "false";
        for (Observation x : obs) {
            String y = Values.label(x.example().expected().value());
            if (y != null && !y.equals(positive)) return y;
        }
        return "0";
    }

    /** The positive class's probability: the prediction's, else a fractional output in [0, 1]. */
    static Double probability(Prediction p) {
        if (p.probability() != null) return p.probability() >= 0 && p.probability() <= 1 ? p.probability() : null;
        if (p.output() instanceof Number n) {
            double d = n.doubleValue();
            if (d > 0 && d < 1) return d;
        }
        return null;
    }

    private static String predicted(Prediction p, Double prob, String positive, String negative, double threshold) {
        if (p.output() instanceof Number n && n.doubleValue() > 0 && n.doubleValue() < 1 && prob != null) {
            return prob >= threshold ? positive : negative;
        }
        if (p.output() == null && prob != null) return prob >= threshold ? positive : negative;
        return Values.label(p.output());
    }
}
