package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Classification metrics over aligned arrays, the formulas of scikit-learn's defaults:
 * precision/recall/F1 of one positive class (0 when the denominator is 0), or their
 * unweighted mean over classes ("macro"); ROC AUC as the Mann-Whitney statistic with ties
 * counted half; log loss with probabilities clipped to [1e-15, 1 - 1e-15]; expected calibration
 * error over equal-width bins of the positive-class probability.
 */
final class Classification {
    static final double EPS = 1e-15;

    private Classification() {
    }

    static double accuracy(String[] y, String[] p) {
        int hit = 0;
        for (int i = 0; i < y.length; i++) if (y[i].equals(p[i])) hit++;
        return (double) hit / y.length;
    }

    /** {tp, fp, fn} for {@code positive}. */
    static long[] counts(String[] y, String[] p, String positive) {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < y.length; i++) {
            boolean actual = y[i].equals(positive), predicted = p[i].equals(positive);
            if (actual && predicted) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
        }
        return new long[] { tp, fp, fn };
    }

    static double precision(long[] c) {
        return c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
    }

    static double recall(long[] c) {
        return c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
    }

    static double f1(long[] c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The metric ("precision", "recall", "f1") for one class or averaged over every class seen ("macro"). */
    static double score(String metric, String[] y, String[] p, String positive, boolean macro) {
        List<String> classes = new ArrayList<>();
        if (macro) {
            Set<String> all = new LinkedHashSet<>(Arrays.asList(y));
            all.addAll(Arrays.asList(p));
            classes.addAll(all);
        } else {
            classes.add(positive);
        }
        double sum = 0;
        for (String c : classes) {
            long[] k = counts(y, p, c);
            sum += switch (metric) {
                case "precision" -> precision(k);
                case "recall" -> recall(k);
                default -> f1(k);
            };
        }
        return sum / classes.size();
    }

    /** ROC AUC of scores {@code s} for binary truth {@code y}; null when only one class is present. */
    static Double rocAuc(boolean[] y, double[] s) {
        int n = y.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> s[i]));
        double[] rank = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && s[order[j + 1]] == s[order[i]]) j++;
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) rank[order[k]] = r;
            i = j + 1;
        }
        long pos = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (y[i]) {
                pos++;
                sum += rank[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return null;
        return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** The log loss of one example. */
    static double logLoss(boolean y, double p) {
        double q = Math.min(1 - EPS, Math.max(EPS, p));
        return -(y ? Math.log(q) : Math.log(1 - q));
    }

    /** Expected calibration error: sum over bins of |mean(y) - mean(p)| weighted by the bin's share. */
    static double ece(boolean[] y, double[] p, int bins) {
        double[] sumP = new double[bins], sumY = new double[bins];
        long[] n = new long[bins];
        for (int i = 0; i < y.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            sumP[b] += p[i];
            sumY[b] += y[i] ? 1 : 0;
            n[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] > 0) e += Math.abs(sumY[b] / n[b] - sumP[b] / n[b]) * n[b] / y.length;
        }
        return e;
    }
}
