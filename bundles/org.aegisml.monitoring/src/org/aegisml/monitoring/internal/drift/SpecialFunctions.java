package org.aegisml.monitoring.internal.drift;

/** The distribution tails behind the detectors' p-values. */
final class SpecialFunctions {
    private static final double EPS = 1e-15;
    private static final double FPMIN = Double.MIN_NORMAL / EPS;
    private static final int MAX_ITERATIONS = 10_000;
    /** Lanczos coefficients for g = 7, n = 9: about 15 correct digits for x > 0. */
    private static final double[] LANCZOS = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7 };
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private SpecialFunctions() {
    }

    /** ln Gamma(x) for x > 0. */
    static double lnGamma(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("lnGamma needs x > 0: " + x);
        if (x < 0.5) {
            // Reflection: the Lanczos sum is accurate for x >= 1/2 only.
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
        }
        double z = x - 1;
        double a = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
        return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /**
     * The regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a), so the
     * chi-square tail P(X > x) with k degrees of freedom is Q(k/2, x/2). As in Numerical
     * Recipes: the series for P where it converges fast (x < a + 1), else Lentz's continued
     * fraction for Q; each is used where it needs few terms and loses no digits to 1 - P.
     */
    static double regularizedGammaQ(double a, double x) {
        if (!(a > 0) || !(x >= 0)) throw new IllegalArgumentException("Q(a, x) needs a > 0 and x >= 0");
        if (x == 0) return 1;
        if (x == Double.POSITIVE_INFINITY) return 0;
        double prefix = -x + a * Math.log(x) - lnGamma(a);
        if (x < a + 1) {
            double ap = a;
            double term = 1 / a;
            double sum = term;
            for (int n = 0; n < MAX_ITERATIONS && Math.abs(term) >= Math.abs(sum) * EPS; n++) {
                ap++;
                term *= x / ap;
                sum += term;
            }
            return Math.clamp(1 - sum * Math.exp(prefix), 0, 1);
        }
        double b = x + 1 - a;
        double c = 1 / FPMIN;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < FPMIN) d = FPMIN;
            c = b + an / c;
            if (Math.abs(c) < FPMIN) c = FPMIN;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) break;
        }
        return Math.clamp(Math.exp(prefix) * h, 0, 1);
    }

    /**
     * The Kolmogorov distribution's tail Q_KS(lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2
     * lambda^2). That alternating series needs ever more terms and cancels as lambda goes to
     * 0, so below 1.18 the equivalent (Jacobi theta) form 1 - sqrt(2 pi) / lambda sum_{k>=1}
     * exp(-(2k-1)^2 pi^2 / (8 lambda^2)) is summed instead; both need at most a handful of
     * terms there and agree to rounding at the switch.
     */
    static double kolmogorovQ(double lambda) {
        if (!(lambda > 0)) return 1;
        double sum = 0;
        if (lambda < 1.18) {
            double f = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k < 100; k++) {
                double term = Math.exp(f * (2 * k - 1) * (2 * k - 1));
                sum += term;
                if (term <= EPS * sum) break;
            }
            return Math.clamp(1 - Math.sqrt(2 * Math.PI) / lambda * sum, 0, 1);
        }
        double f = -2 * lambda * lambda;
        double sign = 1;
        for (int k = 1; k < 100; k++) {
            double term = Math.exp(f * k * k);
            sum += sign * term;
            if (term <= EPS * sum) break;
            sign = -sign;
        }
        return Math.clamp(2 * sum, 0, 1);
    }
}
