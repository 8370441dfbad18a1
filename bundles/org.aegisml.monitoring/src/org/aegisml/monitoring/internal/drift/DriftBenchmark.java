package org.aegisml.monitoring.internal.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.Histogram;
import org.aegisml.monitoring.internal.sketch.NumericBins;
import org.aegisml.monitoring.internal.sketch.NumericStats;

/**
 * The drift workload end to end, without JMH: 1,000,000 baseline and 1,000,000 current rows of
 * 100 numeric features; per feature, bins from the baseline, both sides counted into
 * {@link NumericStats}, then PSI, KS and JS. Features run in parallel on a pool of one thread
 * per processor. Two warm-up runs, then five timed ones and their median.
 * <p>
 * Five features are shifted by half a standard deviation. A feature is flagged when PSI or JS
 * warns; KS is reported but not used to flag, since with a million rows a side its p-value is
 * below 0.05 for about one unshifted feature in twenty by chance alone (and for every
 * negligible real difference). Exits with status 1 unless exactly the shifted five are flagged.
 * <p>
 * Run with {@code -Xmx4g}: the data alone is 1.6 GB.
 */
public final class DriftBenchmark {
    private static final int ROWS = 1_000_000;
    private static final int FEATURES = 100;
    private static final int[] SHIFTED = { 3, 17, 42, 64, 91 };
    private static final long SEED = 20_250_101L;
    private static final int WARMUPS = 2;
    private static final int ITERATIONS = 5;

    private static final PsiDetector PSI = new PsiDetector();
    private static final KsDetector KS = new KsDetector();
    private static final JensenShannonDetector JS = new JensenShannonDetector();

    private record Result(int feature, DriftScore psi, DriftScore ks, DriftScore js) {
        boolean flagged() {
            return warns(PSI, psi) || warns(JS, js);
        }

        private static boolean warns(DriftDetector d, DriftScore s) {
            return d.defaultThreshold().classify(s) != DriftStatus.OK;
        }
    }

    private DriftBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double[][] baseline = new double[FEATURES][];
            double[][] current = new double[FEATURES][];
            long t0 = System.nanoTime();
            runAll(pool, f -> {
                baseline[f] = column(f, SEED + 2L * f, false);
                current[f] = column(f, SEED + 2L * f + 1, Arrays.stream(SHIFTED).anyMatch(s -> s == f));
                return null;
            });
            System.out.printf("generated %,d x %d x 2 values in %d ms on %d threads%n", ROWS, FEATURES,
                    (System.nanoTime() - t0) / 1_000_000, threads);

            long[] times = new long[ITERATIONS];
            List<Result> results = null;
            for (int i = 0; i < WARMUPS + ITERATIONS; i++) {
                long start = System.nanoTime();
                results = runAll(pool, f -> analyse(f, baseline[f], current[f]));
                long ms = (System.nanoTime() - start) / 1_000_000;
                boolean warmup = i < WARMUPS;
                if (!warmup) times[i - WARMUPS] = ms;
                System.out.printf("%s %d: %d ms%n", warmup ? "warm-up" : "iteration", warmup ? i + 1 : i - WARMUPS + 1, ms);
            }
            long[] sorted = times.clone();
            Arrays.sort(sorted);
            System.out.printf("median of %d: %d ms%n", ITERATIONS, sorted[ITERATIONS / 2]);

            List<Integer> flagged = new ArrayList<>();
            int ksSignificant = 0;
            for (Result r : results) {
                if (r.flagged()) {
                    flagged.add(r.feature());
                    System.out.printf("feature %2d flagged: psi %.4f, js %.4f, ks D %.4f p %.3g%n", r.feature(),
                            r.psi().score(), r.js().score(), r.ks().score(), r.ks().pValue());
                } else if (r.ks().pValue() < 0.05) {
                    ksSignificant++;
                }
            }
            System.out.printf("flagged %s; expected %s; unshifted features with KS p < 0.05: %d%n", flagged,
                    Arrays.toString(SHIFTED), ksSignificant);
            if (!flagged.equals(Arrays.stream(SHIFTED).boxed().toList())) {
                System.out.println("FAIL: flagged features differ from the shifted ones");
                System.exit(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    private interface FeatureTask<T> {
        T run(int feature);
    }

    private static <T> List<T> runAll(ExecutorService pool, FeatureTask<T> task) throws InterruptedException, ExecutionException {
        List<Callable<T>> calls = new ArrayList<>(FEATURES);
        for (int f = 0; f < FEATURES; f++) {
            int feature = f;
            calls.add(() -> task.run(feature));
        }
        List<T> out = new ArrayList<>(FEATURES);
        for (Future<T> future : pool.invokeAll(calls)) out.add(future.get());
        return out;
    }

    /** The pipeline for one feature. */
    private static Result analyse(int feature, double[] baseline, double[] current) {
        NumericBins bins = NumericBins.fromReference(baseline);
        NumericStats b = new NumericStats(bins);
        b.addAll(baseline, 0, baseline.length);
        NumericStats c = new NumericStats(bins);
        c.addAll(current, 0, current.length);
        Histogram hb = b.toHistogram(bins);
        Histogram hc = c.toHistogram(bins);
        return new Result(feature, PSI.score(hb, hc), KS.score(hb, hc), JS.score(hb, hc));
    }

    /**
     * A column of a feature: normal, lognormal, exponential or uniform by feature number, with
     * varied location and scale; shifted by half its standard deviation when asked.
     */
    private static double[] column(int feature, long seed, boolean shifted) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[ROWS];
        double location = feature * 3.0 - 100;
        double scale = 1 + feature % 7;
        double std;
        switch (feature % 4) {
            case 0 -> {
                for (int i = 0; i < ROWS; i++) v[i] = location + scale * random.nextGaussian();
                std = scale;
            }
            case 1 -> {
                for (int i = 0; i < ROWS; i++) v[i] = scale * Math.exp(0.5 * random.nextGaussian());
                std = scale * Math.sqrt((Math.exp(0.25) - 1) * Math.exp(0.25));
            }
            case 2 -> {
                for (int i = 0; i < ROWS; i++) v[i] = scale * random.nextExponential();
                std = scale;
            }
            default -> {
                for (int i = 0; i < ROWS; i++) v[i] = location + scale * random.nextDouble();
                std = scale / Math.sqrt(12);
            }
        }
        if (shifted) {
            for (int i = 0; i < ROWS; i++) v[i] += 0.5 * std;
        }
        return v;
    }
}
