package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.aegisml.api.ValidationException;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricComparison;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.MetricValue;
import org.aegisml.api.evaluation.Observation;
import org.aegisml.api.evaluation.RegressionVerdict;

/**
 * Compares a candidate run with a baseline run metric by metric, on the examples both answered
 * (paired by example id). Deltas are oriented so that "worse" is negative whatever the
 * metric's direction; {@code tolerance} is how far below zero the candidate may go.
 * <ul>
 * <li>Bootstrap: the same resampled example indices for both sides ({@link SplittableRandom}
 * with the seed, so a test gives the same interval every time); for a decomposable metric the
 * delta of the mean scores, otherwise the metric recomputed by its evaluator on each resample.
 * PASS when the interval's low end is within the tolerance, FAIL when its high end is beyond
 * it, else INCONCLUSIVE.
 * <li>McNemar (metrics scored 0/1): PASS when the delta is within the tolerance, FAIL when it
 * is not and p &lt; 1 - confidence, else INCONCLUSIVE.
 * </ul>
 */
final class Comparison {
    private final Function<String, Evaluator> evaluators;

    Comparison(Function<String, Evaluator> evaluators) {
        this.evaluators = evaluators;
    }

    record Settings(String method, int resamples, double confidence, long seed, Map<String, Double> tolerances,
            Map<String, Map<String, Object>> options) {
    }

    MetricComparison compare(String metric, EvaluationRun cand, List<ExampleResult> candResults, EvaluationRun base,
            List<ExampleResult> baseResults, Settings s) {
        double tol = s.tolerances().getOrDefault(metric, 0.0);
        if (tol < 0) throw new ValidationException("tolerances." + metric, "a tolerance must be 0 or more");
        MetricValue cv = cand.metric(metric), bv = base.metric(metric);
        if (cv == null || bv == null) {
            throw new ValidationException("metrics", "the run " + (cv == null ? cand.id() : base.id()) + " has no metric '" + metric + "'");
        }
        Double delta = cv.value() != null && bv.value() != null ? cv.value() - bv.value() : null;
        double sign = cv.higherIsBetter() ? 1 : -1;
        // Pair the examples both sides scored.
        Map<String, ExampleResult> byId = new HashMap<>();
        for (ExampleResult r : baseResults) byId.put(r.example().id(), r);
        List<ExampleResult> pc = new ArrayList<>(), pb = new ArrayList<>();
        boolean binary = true;
        for (ExampleResult c : candResults) {
            ExampleResult b = byId.get(c.example().id());
            if (b == null) continue;
            ExampleScore x = c.scores().get(metric), y = b.scores().get(metric);
            if (x == null || y == null || !x.ok() || !y.ok() || x.score() == null || y.score() == null) continue;
            pc.add(c);
            pb.add(b);
            binary &= isBinary(x.score()) && isBinary(y.score());
        }
        if (delta == null || pc.isEmpty()) {
            return new MetricComparison(metric, cv.value(), bv.value(), delta, null, null, null, null, null, null, tol,
                    RegressionVerdict.INCONCLUSIVE, "no examples that both versions answered and that could be scored");
        }
        String method = s.method() == null || s.method().equals("auto") ? (binary && cv.decomposable() ? "mcnemar" : "bootstrap")
                : s.method();
        if (method.equals("mcnemar")) {
            if (!binary || !cv.decomposable()) {
                throw new ValidationException("method", "McNemar's test needs a metric scored 0 or 1 per example; '"
                        + metric + "' is not");
            }
            long b = 0, c = 0;
            for (int i = 0; i < pc.size(); i++) {
                double x = pc.get(i).scores().get(metric).score(), y = pb.get(i).scores().get(metric).score();
                if (x > y) b++;
                else if (y > x) c++;
            }
            double p = Stats.mcnemar(b, c);
            double oriented = sign * delta;
            RegressionVerdict v = oriented >= -tol ? RegressionVerdict.PASS
                    : p < 1 - s.confidence() ? RegressionVerdict.FAIL : RegressionVerdict.INCONCLUSIVE;
            String reason = String.format(java.util.Locale.ROOT,
                    "%s: candidate %.4f vs baseline %.4f (delta %+.4f, tolerance %.4f); McNemar p=%.4g on %d discordant of %d pairs",
                    v.wire(), cv.value(), bv.value(), delta, tol, p, b + c, pc.size());
            return new MetricComparison(metric, cv.value(), bv.value(), delta, "mcnemar", null, null, p, b, c, tol, v, reason);
        }
        if (!method.equals("bootstrap")) throw new ValidationException("method", "method must be auto, bootstrap or mcnemar");
        double[] ci = bootstrap(metric, cv.decomposable(), pc, pb, s);
        double lo = sign > 0 ? ci[0] : -ci[1], hi = sign > 0 ? ci[1] : -ci[0];
        RegressionVerdict v = lo >= -tol ? RegressionVerdict.PASS : hi < -tol ? RegressionVerdict.FAIL : RegressionVerdict.INCONCLUSIVE;
        String reason = String.format(java.util.Locale.ROOT,
                "%s: candidate %.4f vs baseline %.4f (delta %+.4f, tolerance %.4f, %s is better); %.0f%% bootstrap interval of the delta [%+.4f, %+.4f] over %d pairs",
                v.wire(), cv.value(), bv.value(), delta, tol, sign > 0 ? "higher" : "lower", s.confidence() * 100, ci[0], ci[1],
                pc.size());
        return new MetricComparison(metric, cv.value(), bv.value(), delta, "bootstrap", ci[0], ci[1], null, null, null, tol, v,
                reason);
    }

    private static boolean isBinary(double d) {
        return d == 0 || d == 1;
    }

    /** The percentile interval of candidate - baseline over paired resamples. */
    double[] bootstrap(String metric, boolean decomposable, List<ExampleResult> pc, List<ExampleResult> pb, Settings s) {
        int n = pc.size();
        SplittableRandom rnd = new SplittableRandom(s.seed());
        double[] deltas = new double[s.resamples()];
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pc.get(i).scores().get(metric).score();
            y[i] = pb.get(i).scores().get(metric).score();
        }
        Evaluator ev = decomposable ? null : evaluators.apply(metric);
        if (!decomposable && ev == null) throw new IllegalStateException("the evaluator of '" + metric + "' is not installed");
        Map<String, Object> options = s.options().getOrDefault(metric, Map.of());
        int[] idx = new int[n];
        for (int b = 0; b < deltas.length; b++) {
            for (int i = 0; i < n; i++) idx[i] = rnd.nextInt(n);
            if (decomposable) {
                double sx = 0, sy = 0;
                for (int i : idx) {
                    sx += x[i];
                    sy += y[i];
                }
                deltas[b] = (sx - sy) / n;
            } else {
                Double cx = recompute(ev, metric, pc, idx, options), cy = recompute(ev, metric, pb, idx, options);
                deltas[b] = cx == null || cy == null ? Double.NaN : cx - cy;
            }
        }
        double[] finite = java.util.Arrays.stream(deltas).filter(Double::isFinite).toArray();
        if (finite.length == 0) return new double[] { Double.NaN, Double.NaN };
        double alpha = 1 - s.confidence();
        return new double[] { Stats.percentile(finite, alpha / 2), Stats.percentile(finite, 1 - alpha / 2) };
    }

    private static Double recompute(Evaluator ev, String metric, List<ExampleResult> rs, int[] idx, Map<String, Object> options) {
        List<Observation> obs = new ArrayList<>(idx.length);
        for (int i : idx) obs.add(new Observation(rs.get(i).example(), rs.get(i).prediction()));
        MetricResult r = ev.evaluate(metric, obs, options);
        return r == null ? null : r.value();
    }

    static RegressionVerdict overall(List<MetricComparison> ms) {
        boolean inconclusive = false;
        for (MetricComparison m : ms) {
            if (m.verdict() == RegressionVerdict.FAIL) return RegressionVerdict.FAIL;
            inconclusive |= m.verdict() == RegressionVerdict.INCONCLUSIVE;
        }
        return inconclusive ? RegressionVerdict.INCONCLUSIVE : RegressionVerdict.PASS;
    }
}
