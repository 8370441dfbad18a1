package org.aegisml.evaluation.internal;

import java.util.Arrays;

/** Percentiles and the two paired tests a regression test uses. */
final class Stats {
    private Stats() {
    }

    /** The q-quantile with linear interpolation between closest ranks (numpy's default). */
    static double percentile(double[] xs, double q) {
        double[] s = xs.clone();
        Arrays.sort(s);
        if (s.length == 1) return s[0];
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    /**
     * McNemar's test on the discordant pairs: {@code b} examples only the candidate got right,
     * {@code c} only the baseline. Exact two-sided binomial p-value when b + c < 25, else the
     * chi-square statistic with continuity correction (1 degree of freedom).
     */
    static double mcnemar(long b, long c) {
        long n = b + c;
        if (n == 0) return 1;
        if (n < 25) {
            long k = Math.min(b, c);
            double p = 0;
            for (long i = 0; i <= k; i++) p += Math.exp(logChoose(n, i) - n * Math.log(2));
            return Math.min(1, 2 * p);
        }
        double chi = Math.pow(Math.abs(b - c) - 1, 2) / n;
        return erfc(Math.sqrt(chi / 2));
    }

    private static double logChoose(long n, long k) {
        double r = 0;
        for (long i = 1; i <= k; i++) r += Math.log(n - k + i) - Math.log(i);
        return r;
    }

    /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                        + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
