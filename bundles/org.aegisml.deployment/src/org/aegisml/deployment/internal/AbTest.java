package org.aegisml.deployment.internal;

import java.util.List;

import org.aegisml.api.deployment.Comparison;

/**
 * The A/B significance test: every supported metric is a proportion of events (errors,
 * correct labelled predictions, flagged LLM calls), so the test is the two-sided
 * two-proportion z-test with a pooled variance. It needs at least {@value #MIN_PER_ARM}
 * events per arm and both arms' pooled proportion strictly between 0 and 1; otherwise the
 * p-value stays null (not enough evidence either way).
 */
final class AbTest {
    static final List<String> METRICS = List.of("error_rate", "accuracy", "injection_rate", "pii_rate",
            "policy_violation_rate");
    static final int MIN_PER_ARM = 30;

    private AbTest() {
    }

    static boolean supports(String metric) {
        return METRICS.contains(metric);
    }

    /** Whether a higher value of the metric is better (accuracy) rather than worse (every rate of trouble). */
    static boolean higherIsBetter(String metric) {
        return metric.equals("accuracy");
    }

    /** Arm A is the stable, arm B the candidate; {@code a} and {@code b} are proportions over their counts. */
    static Comparison compare(String metric, Double a, long aCount, Double b, long bCount, double alpha) {
        Double diff = a == null || b == null ? null : b - a;
        if (a == null || b == null || aCount < MIN_PER_ARM || bCount < MIN_PER_ARM) {
            return new Comparison(metric, a, aCount, b, bCount, diff, "two-proportion z", null, alpha, false);
        }
        double x1 = a * aCount;
        double x2 = b * bCount;
        double pooled = (x1 + x2) / (aCount + bCount);
        if (pooled <= 0 || pooled >= 1) {
            // Both arms all-zero or all-one: no difference can be shown, and none exists.
            return new Comparison(metric, a, aCount, b, bCount, diff, "two-proportion z", 1.0, alpha, false);
        }
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / aCount + 1.0 / bCount));
        double z = (b - a) / se;
        double p = 2 * (1 - normalCdf(Math.abs(z)));
        p = Math.max(0, Math.min(1, p));
        return new Comparison(metric, a, aCount, b, bCount, diff, "two-proportion z", p, alpha, p < alpha);
    }

    /** Whether B is significantly worse than A on the metric. */
    static boolean candidateWorse(Comparison c) {
        return c.significant() && c.difference() != null
                && (higherIsBetter(c.metric()) ? c.difference() < 0 : c.difference() > 0);
    }

    static boolean candidateBetter(Comparison c) {
        return c.significant() && c.difference() != null
                && (higherIsBetter(c.metric()) ? c.difference() > 0 : c.difference() < 0);
    }

    /** Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    static double normalCdf(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    static double erf(double x) {
        double sign = Math.signum(x);
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x);
        return sign * y;
    }
}
