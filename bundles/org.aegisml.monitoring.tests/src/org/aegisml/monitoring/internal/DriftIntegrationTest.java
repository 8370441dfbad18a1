package org.aegisml.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Baseline;
import org.aegisml.api.monitoring.BaselineSpec;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftReport.FeatureDrift;
import org.aegisml.api.monitoring.DriftReport.MethodResult;
import org.aegisml.api.monitoring.DriftSettings;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.Label;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift as an operator meets it: a synthetic stream with a known shift injected into one
 * feature, baselines from a window of traffic, from a dataset and from lineage, per-model
 * settings, prediction drift and quality degradation. PSI and KS are checked against an
 * independent computation on the raw samples (not on the summaries' bins).
 */
class DriftIntegrationTest {
    static DriftAnalysis drift;
    static final int N = 4000;

    @BeforeAll
    static void start() throws Exception {
        MonitoringIntegrationTest.start();
        drift = TestRuntime.service(DriftAnalysis.class);
    }

    /** Raw samples kept by the test so that it can compute the statistics itself. */
    static final class Stream {
        final Map<String, List<Double>> numbers = new java.util.TreeMap<>();
        final StringBuilder ndjson = new StringBuilder();
    }

    /**
     * {@code N} events between {@code from} and {@code to}: numeric features x0..x5 standard
     * normal ({@code shifted} moved by {@code shift} standard deviations), a category plan,
     * and y_pred; ids prefixed so labels can find them.
     */
    static Stream stream(String model, String idPrefix, Instant from, Instant to, long seed, String shifted, double shift,
            double goldShare) {
        Random rnd = new Random(seed);
        Stream s = new Stream();
        long span = Duration.between(from, to).toMillis();
        for (int i = 0; i < N; i++) {
            Instant ts = from.plusMillis(span * i / N);
            StringBuilder f = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                String name = "x" + k;
                double v = rnd.nextGaussian() + (name.equals(shifted) ? shift : 0);
                s.numbers.computeIfAbsent(name, x -> new ArrayList<>()).add(v);
                f.append('"').append(name).append("\":").append(v).append(',');
            }
            String plan = rnd.nextDouble() < goldShare ? "gold" : rnd.nextBoolean() ? "silver" : "bronze";
            f.append("\"plan\":\"").append(plan).append('"');
            String pred = rnd.nextDouble() < 0.3 ? "churn" : "stay";
            s.ndjson.append("{\"event_id\":\"").append(idPrefix).append(i).append("\",\"model_id\":\"").append(model)
                    .append("\",\"timestamp\":\"").append(ts).append("\",\"y_pred\":\"").append(pred)
                    .append("\",\"features\":{").append(f).append("}}\n");
        }
        return s;
    }

    static void ingest(Stream s) {
        IngestReport r = MonitoringIntegrationTest.ndjson(s.ndjson.toString());
        assertEquals(N, r.accepted(), () -> r.rejected().toString());
    }

    static FeatureDrift feature(DriftReport r, String name) {
        return r.features().stream().filter(f -> f.feature().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no feature " + name + " in " + r.features()));
    }

    static MethodResult method(FeatureDrift f, String method) {
        return f.methods().stream().filter(m -> m.method().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + method + " on " + f.feature()));
    }

    // ---- the independent computations, on raw samples

    /** PSI over the baseline's deciles, with the same floor for empty bins. */
    static double psi(List<Double> baseline, List<Double> current) {
        double[] b = baseline.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] cuts = new double[9];
        for (int i = 1; i <= 9; i++) cuts[i - 1] = b[(int) Math.ceil(i * b.length / 10.0) - 1];
        double[] pb = decileShares(baseline, cuts), pc = decileShares(current, cuts);
        double psi = 0;
        for (int i = 0; i < 10; i++) {
            double x = Math.max(pb[i], 1e-4), y = Math.max(pc[i], 1e-4);
            psi += (y - x) * Math.log(y / x);
        }
        return psi;
    }

    private static double[] decileShares(List<Double> values, double[] cuts) {
        double[] share = new double[10];
        for (double v : values) {
            int i = 0;
            while (i < 9 && v > cuts[i]) i++;
            share[i] += 1.0 / values.size();
        }
        return share;
    }

    /** The exact two-sample Kolmogorov-Smirnov statistic. */
    static double ks(List<Double> baseline, List<Double> current) {
        double[] a = baseline.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] b = current.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == x) i++;
            while (j < b.length && b[j] == x) j++;
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    @Test
    void anInjectedShiftFlagsExactlyThatFeature() {
        String m = MonitoringIntegrationTest.model(1);
        Instant now = Instant.now();
        Stream base = stream(m, m + "-b", now.minus(Duration.ofMinutes(170)), now.minus(Duration.ofMinutes(130)), 1, null, 0, 0.2);
        Stream cur = stream(m, m + "-c", now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(5)), 2, "x3", 0.8, 0.2);
        ingest(base);
        ingest(cur);
        Baseline b = drift.setBaseline(m, 1, BaselineSpec.window(now.minus(Duration.ofHours(3)),
                now.minus(Duration.ofHours(2))), MonitoringIntegrationTest.OPERATOR);
        assertEquals(Baseline.Source.WINDOW, b.source());
        assertEquals(N, b.rows());

        DriftReport r = drift.drift(new DriftQuery(m, null, null, null, now.minus(Duration.ofHours(1)), now));
        assertEquals(N, r.baselineCount());
        assertEquals(N, r.currentCount());
        List<String> flagged = r.features().stream().filter(f -> f.status() != DriftStatus.OK).map(FeatureDrift::feature)
                .toList();
        assertEquals(List.of("x3"), flagged, () -> r.features().stream()
                .map(f -> f.feature() + "=" + f.status() + " psi " + method(f, "psi").score()).collect(Collectors.joining(", ")));
        assertEquals(DriftStatus.ALERT, feature(r, "x3").status());
        assertEquals(DriftStatus.ALERT, r.status());

        for (String x : List.of("x0", "x1", "x2", "x3", "x4", "x5")) {
            FeatureDrift f = feature(r, x);
            assertEquals(FeatureKind.NUMERIC, f.kind());
            double expectedPsi = psi(base.numbers.get(x), cur.numbers.get(x));
            double expectedKs = ks(base.numbers.get(x), cur.numbers.get(x));
            double psi = method(f, "psi").score();
            double ks = method(f, "ks").score();
            // The summaries approximate deciles and the empirical CDF on their fine bins:
            // close to, never exactly, the raw-sample values.
            assertEquals(expectedPsi, psi, 0.01 + 0.1 * expectedPsi, x + " PSI");
            assertEquals(expectedKs, ks, 0.03, x + " KS");
            assertTrue(ks <= expectedKs + 1e-12, x + ": on bins the KS statistic can only shrink");
            assertEquals(f.bins().stream().mapToLong(DriftReport.DriftBin::baseline).sum(), N);
            assertEquals(f.bins().stream().mapToLong(DriftReport.DriftBin::current).sum(), N);
        }
        assertTrue(method(feature(r, "x3"), "ks").pValue() < 1e-6);
        FeatureDrift plan = feature(r, "plan");
        assertEquals(FeatureKind.CATEGORICAL, plan.kind());
        assertEquals(DriftStatus.OK, plan.status());
        assertTrue(plan.methods().stream().anyMatch(x -> x.method().equals("chi2")), "chi-square runs on categories");
        assertTrue(plan.methods().stream().noneMatch(x -> x.method().equals("ks")), "KS does not run on categories");
        FeatureDrift pred = feature(r, "y_pred");
        assertTrue(pred.output());
        assertEquals(DriftStatus.OK, pred.status());

        // The same window narrowed to an endpoint that has no traffic: nothing to judge.
        DriftReport none = drift.drift(new DriftQuery(m, null, "elsewhere", null, now.minus(Duration.ofHours(1)), now));
        assertEquals(0, none.currentCount());
        assertEquals(DriftStatus.UNKNOWN, none.status());
    }

    @Test
    void perModelSettingsOverrideThresholdsAndAreValidated() {
        String m = MonitoringIntegrationTest.model(1);
        Instant now = Instant.now();
        ingest(stream(m, m + "-b", now.minus(Duration.ofMinutes(170)), now.minus(Duration.ofMinutes(130)), 3, null, 0, 0.2));
        ingest(stream(m, m + "-c", now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(5)), 4, "x1", 0.8, 0.2));
        drift.setBaseline(m, 1, BaselineSpec.window(now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(2))),
                MonitoringIntegrationTest.OPERATOR);
        DriftQuery q = new DriftQuery(m, 1, null, null, now.minus(Duration.ofHours(1)), now);
        assertEquals(DriftStatus.ALERT, feature(drift.drift(q), "x1").status());

        DriftSettings loose = drift.saveSettings(new DriftSettings(m, Map.of("psi", new DriftThreshold(5, 10,
                DriftThreshold.Direction.P_VALUE_BELOW)), null, 0.05, 0.1, 50), MonitoringIntegrationTest.OPERATOR);
        assertEquals(DriftThreshold.Direction.SCORE_ABOVE, loose.thresholds().get("psi").direction(),
                "the direction is the method's own");
        FeatureDrift x1 = feature(drift.drift(q), "x1");
        assertEquals(DriftStatus.OK, x1.status());
        assertEquals(10, method(x1, "psi").threshold().alert());
        assertEquals(DriftStatus.ALERT, method(x1, "ks").status(), "KS still reports, it just does not decide");
        assertEquals(loose, drift.settings(m));

        // KS decides as well: the shift is flagged again.
        drift.saveSettings(new DriftSettings(m, Map.of(), List.of("psi", "ks"), 0.05, 0.1, 50),
                MonitoringIntegrationTest.OPERATOR);
        assertEquals(DriftStatus.ALERT, feature(drift.drift(q), "x1").status());

        assertThrows(ValidationException.class, () -> drift.saveSettings(new DriftSettings(m,
                Map.of("nope", new DriftThreshold(0.1, 0.2, DriftThreshold.Direction.SCORE_ABOVE)), null, 0.05, 0.1, 50),
                MonitoringIntegrationTest.OPERATOR));
        assertThrows(ValidationException.class, () -> drift.saveSettings(new DriftSettings(m,
                Map.of("psi", new DriftThreshold(0.3, 0.2, DriftThreshold.Direction.SCORE_ABOVE)), null, 0.05, 0.1, 50),
                MonitoringIntegrationTest.OPERATOR), "warn above alert");
        assertThrows(ValidationException.class, () -> drift.saveSettings(new DriftSettings(m,
                Map.of("ks", new DriftThreshold(0.01, 0.05, DriftThreshold.Direction.P_VALUE_BELOW)), null, 0.05, 0.1, 50),
                MonitoringIntegrationTest.OPERATOR), "a p-value alert must be the smaller one");
        assertThrows(ValidationException.class, () -> drift.saveSettings(new DriftSettings(m, Map.of(),
                List.of("magic"), 0.05, 0.1, 50), MonitoringIntegrationTest.OPERATOR));
        assertThrows(org.aegisml.api.ForbiddenException.class, () -> drift.saveSettings(DriftSettings.defaults(m),
                new org.aegisml.api.security.Actor("v", "vic", org.aegisml.api.security.Role.VIEWER)));
    }

    static void dataset(String name, String csv) {
        if (MonitoringIntegrationTest.registry.find(AssetType.DATASET, name).isEmpty()) {
            MonitoringIntegrationTest.registry.create(new NewAsset(AssetType.DATASET, name, null, null, Map.of()),
                    MonitoringIntegrationTest.OPERATOR);
        }
        MonitoringIntegrationTest.registry.addVersion(AssetType.DATASET, name, new NewVersion(
                new DatasetVersionSpec("training rows", DatasetFormat.CSV, 0, List.of()), "train.csv", "text/csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))), MonitoringIntegrationTest.OPERATOR);
    }

    /** Training rows: amount ~ N(100, 15), plan mostly silver, numeric predictions and labels. */
    static String trainingCsv(long seed, int rows) {
        Random rnd = new Random(seed);
        StringBuilder b = new StringBuilder("event_id,amount,plan,age,y_pred,y_true\n");
        for (int i = 0; i < rows; i++) {
            double amount = 100 + 15 * rnd.nextGaussian();
            String plan = rnd.nextDouble() < 0.1 ? "gold" : "silver";
            int label = rnd.nextBoolean() ? 1 : 0;
            int pred = rnd.nextDouble() < 0.9 ? label : 1 - label;
            // Every tenth amount is missing; age holds text where traffic sends numbers.
            b.append("r").append(i).append(',').append(i % 10 == 0 ? "" : String.valueOf(amount)).append(',')
                    .append(plan).append(",\"about, ").append(20 + i % 50).append("\",").append(pred).append(',')
                    .append(label).append('\n');
        }
        return b.toString();
    }

    @Test
    void aDatasetBaselineIsBinnedLikeTrafficAndCatchesACategoryShiftAndAQualityDrop() {
        String m = MonitoringIntegrationTest.model(1);
        Instant now = Instant.now();
        // Traffic fixed "age" as a number before the dataset arrives.
        assertEquals(1, MonitoringIntegrationTest.ndjson("{\"model_id\":\"" + m + "\",\"timestamp\":\""
                + now.minus(Duration.ofHours(5)) + "\",\"features\":{\"age\":31}}\n").accepted());
        String ds = "train-" + m;
        dataset(ds, trainingCsv(5, 3000));
        Baseline b = drift.setBaseline(m, 1, BaselineSpec.dataset(ds, null), MonitoringIntegrationTest.OPERATOR);
        assertEquals(Baseline.Source.DATASET, b.source());
        assertEquals(1, b.datasetVersion());
        assertEquals(3000, b.rows());
        assertTrue(b.skipped().stream().anyMatch(s -> s.startsWith("event_id: event metadata")), b.skipped()::toString);
        assertTrue(b.skipped().stream().anyMatch(s -> s.startsWith("age: holds text")), b.skipped()::toString);
        assertEquals(b, drift.baseline(m, 1).orElseThrow());

        // Live traffic: amount from the same distribution, plan shifted towards gold, and a
        // worse model (70 % instead of 90 % right).
        Random rnd = new Random(6);
        StringBuilder events = new StringBuilder();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double amount = 100 + 15 * rnd.nextGaussian();
            String plan = rnd.nextDouble() < 0.5 ? "gold" : "silver";
            int label = rnd.nextBoolean() ? 1 : 0;
            int pred = rnd.nextDouble() < 0.7 ? label : 1 - label;
            String id = m + "-e" + i;
            events.append("{\"event_id\":\"").append(id).append("\",\"model_id\":\"").append(m).append("\",\"timestamp\":\"")
                    .append(now.minus(Duration.ofMinutes(40)).plusMillis(i)).append("\",\"y_pred\":").append(pred)
                    .append(",\"features\":{\"amount\":").append(amount).append(",\"plan\":\"").append(plan)
                    .append("\",\"age\":").append(20 + i % 50).append("}}\n");
            labels.add(new Label(id, (double) label));
        }
        assertEquals(2000, MonitoringIntegrationTest.ndjson(events.toString()).accepted());
        assertEquals(2000, MonitoringIntegrationTest.monitoring.label(labels).applied());

        DriftReport r = drift.drift(new DriftQuery(m, null, null, null, now.minus(Duration.ofHours(1)), now));
        FeatureDrift amount = feature(r, "amount");
        assertEquals(DriftStatus.OK, amount.status(), () -> amount.toString());
        assertEquals(2700, amount.baselineCount());
        assertEquals(300, amount.baselineMissing());
        FeatureDrift plan = feature(r, "plan");
        assertEquals(DriftStatus.ALERT, plan.status());
        assertEquals("gold", plan.bins().stream().filter(x -> "gold".equals(x.value())).findFirst().orElseThrow().value());
        FeatureDrift age = feature(r, "age");
        assertEquals(DriftStatus.UNKNOWN, age.status(), "age was skipped in the dataset: nothing to compare");
        assertNotNull(age.note());
        assertEquals(DriftStatus.OK, feature(r, "y_pred").status());

        DriftReport.QualityChange acc = r.performance().stream().filter(x -> x.metric().equals("accuracy")).findFirst()
                .orElseThrow();
        assertEquals(0.9, acc.baseline(), 0.03);
        assertEquals(0.7, acc.current(), 0.03);
        assertEquals(DriftStatus.ALERT, acc.status());
        assertTrue(acc.change() < -0.15);
    }

    @Test
    void aVersionTrainedOnADatasetUsesItWithoutBeingTold() {
        String m = MonitoringIntegrationTest.model(2);
        String ds = "lineage-" + m;
        dataset(ds, trainingCsv(7, 500));
        dataset(ds, trainingCsv(8, 600));
        MonitoringIntegrationTest.registry.link(new VersionRef(AssetType.DATASET, ds, 2),
                new VersionRef(AssetType.MODEL, m, 2), LineageRelation.TRAINED_ON, MonitoringIntegrationTest.OPERATOR);
        Baseline b = drift.baseline(m, 2).orElseThrow();
        assertEquals(ds, b.dataset());
        assertEquals(2, b.datasetVersion());
        assertEquals(600, b.rows());
        assertEquals("system", b.createdBy());
        assertTrue(drift.baseline(m, 1).isEmpty(), "version 1 has no lineage and no baseline");
        Instant now = Instant.now();
        NotFoundException none = assertThrows(NotFoundException.class,
                () -> drift.drift(new DriftQuery(m, 1, null, null, now.minus(Duration.ofHours(1)), now)));
        assertTrue(none.getMessage().contains("no drift baseline"), none.getMessage());

        assertTrue(drift.deleteBaseline(m, 2, MonitoringIntegrationTest.OPERATOR));
        // Deleting a lineage baseline just recomputes it on the next use.
        assertEquals(600, drift.baseline(m, 2).orElseThrow().rows());
    }

    @Test
    void badBaselinesAreRefusedWithAReason() {
        String m = MonitoringIntegrationTest.model(1);
        Instant now = Instant.now();
        var op = MonitoringIntegrationTest.OPERATOR;
        assertThrows(ValidationException.class, () -> drift.setBaseline(m, 1,
                new BaselineSpec("d", null, now.minusSeconds(60), now, null, null), op), "both a dataset and a window");
        assertThrows(ValidationException.class, () -> drift.setBaseline(m, 1,
                new BaselineSpec(null, null, null, null, null, null), op), "neither");
        ValidationException empty = assertThrows(ValidationException.class, () -> drift.setBaseline(m, 1,
                BaselineSpec.window(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))), op));
        assertTrue(empty.getMessage().contains("no traffic"), empty.getMessage());
        assertThrows(ValidationException.class, () -> drift.setBaseline(m, 1,
                BaselineSpec.window(now, now.plus(Duration.ofDays(1))), op), "a window in the future");
        assertThrows(NotFoundException.class, () -> drift.setBaseline(m, 1, BaselineSpec.dataset("no-such-" + m, null), op));
        assertThrows(ValidationException.class, () -> drift.setBaseline(m, 9, BaselineSpec.dataset("x", null), op));
        assertThrows(NotFoundException.class, () -> drift.setBaseline("no-such-model-" + m, 1,
                BaselineSpec.dataset("x", null), op));
        assertTrue(drift.baseline(m, 1).isEmpty(), "a refused baseline leaves nothing behind");
    }
}
