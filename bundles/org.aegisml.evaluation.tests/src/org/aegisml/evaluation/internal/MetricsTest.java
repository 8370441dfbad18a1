package org.aegisml.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.Example;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.Expectation;
import org.aegisml.api.evaluation.MetricComparison;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.MetricValue;
import org.aegisml.api.evaluation.Observation;
import org.aegisml.api.evaluation.Prediction;
import org.aegisml.api.evaluation.RegressionVerdict;
import org.aegisml.api.evaluation.Tradeoff;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

/** Every built-in metric against values computed by hand (the arithmetic is in the comments). */
class MetricsTest {
    private static final double EPS = 1e-9;

    private static List<Observation> obs(Object[] expected, Object[] outputs, Double[] probabilities) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            out.add(new Observation(new Example(Integer.toString(i + 1), Map.of(), new Expectation(expected[i], null, null, null)),
                    new Prediction(outputs == null ? null : outputs[i], probabilities == null ? null : probabilities[i], 1.0,
                            null, null, null, null)));
        }
        return out;
    }

    private static double value(org.aegisml.api.evaluation.Evaluator e, String metric, List<Observation> o, Map<String, Object> opt) {
        return e.evaluate(metric, o, opt).value();
    }

    @Test
    void classification() {
        // y = 1 1 0 0 1, p = 1 0 0 1 1: 3 of 5 right; tp = 2, fp = 1, fn = 1.
        List<Observation> o = obs(new Object[] { 1, 1, 0, 0, 1 }, new Object[] { 1.0, 0.0, "0", 1, "1" }, null);
        ClassificationEvaluator c = new ClassificationEvaluator();
        assertEquals(0.6, value(c, "accuracy", o, Map.of()), EPS);
        assertEquals(2.0 / 3, value(c, "precision", o, Map.of()), EPS);
        assertEquals(2.0 / 3, value(c, "recall", o, Map.of()), EPS);
        assertEquals(2.0 / 3, value(c, "f1", o, Map.of()), EPS);
        // Class 0 as positive: tp = 1, fp = 1 (idx 1), fn = 1 (idx 3): P = R = F1 = 1/2; macro = (2/3 + 1/2) / 2.
        assertEquals(0.5, value(c, "f1", o, Map.of("positive", "0")), EPS);
        assertEquals((2.0 / 3 + 0.5) / 2, value(c, "f1", o, Map.of("average", "macro")), EPS);
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // Pairs (pos, neg): 0.9>0.5, 0.9>0.1, 0.4<0.5, 0.4>0.1: 3 of 4.
        ClassificationEvaluator c = new ClassificationEvaluator();
        assertEquals(0.75, value(c, "roc_auc", obs(new Object[] { 1, 1, 0, 0 }, null, new Double[] { 0.9, 0.4, 0.5, 0.1 }),
                Map.of()), EPS);
        // 0.5 vs 0.5 is a tie (1/2), the other three pairs are won: 3.5 / 4.
        assertEquals(0.875, value(c, "roc_auc", obs(new Object[] { 1, 1, 0, 0 }, null, new Double[] { 0.5, 0.9, 0.5, 0.1 }),
                Map.of()), EPS);
        // One class only: undefined.
        assertNull(c.evaluate("roc_auc", obs(new Object[] { 1, 1 }, null, new Double[] { 0.5, 0.9 }), Map.of()).value());
    }

    @Test
    void logLossAndCalibration() {
        ClassificationEvaluator c = new ClassificationEvaluator();
        // -ln(0.8) for both: y=1 with p=0.8, y=0 with p=0.2.
        assertEquals(-Math.log(0.8), value(c, "log_loss", obs(new Object[] { 1, 0 }, null, new Double[] { 0.8, 0.2 }), Map.of()), EPS);
        // Two bins: [0.2, 0.3] has mean p 0.25, mean y 0.5 -> 0.25 x 1/2; [0.7, 0.9] has 0.8 vs 1 -> 0.2 x 1/2. Sum 0.225.
        assertEquals(0.225, value(c, "calibration_error", obs(new Object[] { 0, 1, 1, 1 }, null,
                new Double[] { 0.2, 0.3, 0.7, 0.9 }), Map.of("bins", 2)), EPS);
        assertFalse(c.higherIsBetter("log_loss"));
        // A probability output without a label is cut at the threshold: 0.7 -> 1, 0.2 -> 0.
        assertEquals(1.0, value(c, "accuracy", obs(new Object[] { 1, 0 }, new Object[] { 0.7, 0.2 }, null), Map.of()), EPS);
        // No probability: that example fails, with the reason.
        MetricResult r = c.evaluate("roc_auc", obs(new Object[] { 1, 0 }, new Object[] { 1, 0 }, null), Map.of());
        assertTrue(r.scores().get(0).failure().contains("probability"), r.scores().get(0).toString());
    }

    @Test
    void regression() {
        // errors 0.5, -0.5, 0, -1: MAE 0.5, MSE 1.5/4, SStot 29.1875 around the mean 2.875.
        List<Observation> o = obs(new Object[] { 3, -0.5, 2, 7 }, new Object[] { 2.5, 0.0, 2, 8 }, null);
        RegressionMetricsEvaluator r = new RegressionMetricsEvaluator();
        assertEquals(0.5, value(r, "mae", o, Map.of()), EPS);
        assertEquals(Math.sqrt(0.375), value(r, "rmse", o, Map.of()), EPS);
        assertEquals(1 - 1.5 / 29.1875, value(r, "r2", o, Map.of()), EPS);
        assertTrue(r.evaluate("mae", obs(new Object[] { 1 }, new Object[] { "cat" }, null), Map.of()).scores().get(0).failure()
                .contains("not a number"));
    }

    @Test
    void text() {
        TextEvaluator t = new TextEvaluator();
        assertEquals(1.0, value(t, "exact_match", obs(new Object[] { "paris" }, new Object[] { "  Paris. " }, null), Map.of()), EPS);
        assertEquals(0.0, value(t, "exact_match", obs(new Object[] { "paris" }, new Object[] { "  Paris. " }, null),
                Map.of("normalize", false)), EPS);
        // 3 common tokens: P = 3/3, R = 3/4, F1 = 2 x 0.75 / 1.75.
        assertEquals(1.5 / 1.75, value(t, "token_f1", obs(new Object[] { "the cat sat down" }, new Object[] { "The cat sat" }, null),
                Map.of()), EPS);
        // LCS of "a b c d" and "a c b d" is 3: P = R = 3/4.
        assertEquals(0.75, value(t, "rouge_l", obs(new Object[] { "a c b d" }, new Object[] { "a b c d" }, null), Map.of()), EPS);
        assertEquals(0.0, Text.rougeL("x y", "a b"), EPS);
    }

    @Test
    void checks() {
        CheckEvaluator c = new CheckEvaluator();
        String schema = "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":1},"
                + "\"b\":{\"enum\":[\"x\",\"y\"]},\"c\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":2}}}";
        MetricResult r = c.evaluate("json_schema", obs(new Object[5], new Object[] { "{\"a\":2,\"b\":\"x\",\"c\":[\"q\"]}",
                "{\"a\":0}", "{\"a\":1,\"b\":\"z\"}", "not json", "{\"b\":\"x\"}" }, null), Map.of("schema", schema));
        assertEquals(0.2, r.value(), EPS);
        assertTrue(r.scores().get(1).detail().contains("minimum"), r.scores().get(1).toString());
        assertTrue(r.scores().get(2).detail().contains("not one of"), r.scores().get(2).toString());
        assertEquals("the answer is not JSON", r.scores().get(3).detail());
        assertTrue(r.scores().get(4).detail().contains("missing required property 'a'"));
        // The example's own regex wins over the option; 2 of 3 match.
        List<Observation> o = new ArrayList<>();
        o.add(new Observation(new Example("1", Map.of(), new Expectation(null, "^\\d{3}-\\d{4}$", null, null)),
                new Prediction("555-1234", null, null, null, null, null, null)));
        o.add(new Observation(new Example("2", Map.of(), new Expectation(null, "^\\d{3}-\\d{4}$", null, null)),
                new Prediction("5551234", null, null, null, null, null, null)));
        o.add(new Observation(new Example("3", Map.of(), Expectation.NONE), new Prediction("ok", null, null, null, null, null, null)));
        assertEquals(0.5, c.evaluate("regex", o, Map.of()).value(), EPS);
        assertEquals(2.0 / 3, c.evaluate("regex", o, Map.of("pattern", "k")).value(), EPS);
    }

    @Test
    void operational() {
        List<Observation> o = new ArrayList<>();
        double[] lat = { 10, 20, 30, 40 };
        for (int i = 0; i < 4; i++) {
            o.add(new Observation(new Example(Integer.toString(i), Map.of(), null),
                    new Prediction("x", null, lat[i], 10L * i, 5L, i == 3 ? null : 0.001 * (i + 1), null)));
        }
        OperationalEvaluator e = new OperationalEvaluator();
        assertEquals(25, value(e, "latency_ms", o, Map.of()), EPS);
        assertEquals(38.5, value(e, "latency_p95", o, Map.of()), EPS); // position 2.85 between 30 and 40
        assertEquals(20, value(e, "tokens", o, Map.of()), EPS); // (0+10+20+30)/4 + 5
        assertEquals(0.002, value(e, "cost", o, Map.of()), EPS); // (0.001 + 0.002 + 0.003) / 3
    }

    @Test
    void statistics() {
        assertEquals(2.5, Stats.percentile(new double[] { 4, 1, 3, 2 }, 0.5), EPS);
        // Exact: b = 1, c = 9 -> 2 x (C(10,0) + C(10,1)) / 2^10 = 22/1024.
        assertEquals(22.0 / 1024, Stats.mcnemar(1, 9), EPS);
        // Chi-square with correction: (|4 - 36| - 1)^2 / 40 = 24.025, p = erfc(sqrt(24.025 / 2)) ~ 9.5e-7.
        assertEquals(9.5e-7, Stats.mcnemar(4, 36), 0.5e-7);
        assertEquals(1.0, Stats.mcnemar(0, 0), EPS);
        assertEquals(0.31731051, Stats.erfc(Math.sqrt(0.5)), 1e-6); // chi-square(1) tail at 1
    }

    private static EvaluationRun run(String id, int version, String metric, double value, boolean decomposable, Double cost,
            Double p95) {
        return new EvaluationRun(id, new VersionRef(AssetType.MODEL, "m", version), new VersionRef(AssetType.DATASET, "d", 1),
                "predictions", List.of(new MetricValue(metric, value, true, decomposable, 10, 0, null)), 10, 0, 1.0, p95, null,
                null, cost, "t", java.time.Instant.now(), 1);
    }

    private static List<ExampleResult> results(String metric, double... scores) {
        List<ExampleResult> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(new ExampleResult(i, new Example("e" + i, Map.of(), null), new Prediction(scores[i], null, null, null, null,
                    null, null), Map.of(metric, ExampleScore.of(scores[i]))));
        }
        return out;
    }

    @Test
    void comparisonIsReproducibleAndDecides() {
        Comparison c = new Comparison(m -> null);
        Comparison.Settings s = new Comparison.Settings("bootstrap", 1000, 0.95, 7, Map.of("token_f1", 0.05), Map.of());
        double[] base = new double[50], same = new double[50], worse = new double[50];
        for (int i = 0; i < 50; i++) {
            base[i] = 0.5 + (i % 5) / 10.0;
            same[i] = base[i] + ((i % 2 == 0) ? 0.01 : -0.01);
            worse[i] = base[i] - 0.3;
        }
        EvaluationRun b = run("b", 1, "token_f1", 0.7, true, null, null);
        MetricComparison pass = c.compare("token_f1", run("c", 2, "token_f1", 0.7, true, null, null),
                results("token_f1", same), b, results("token_f1", base), s);
        assertEquals(RegressionVerdict.PASS, pass.verdict(), pass.reason());
        MetricComparison again = c.compare("token_f1", run("c", 2, "token_f1", 0.7, true, null, null),
                results("token_f1", same), b, results("token_f1", base), s);
        assertArrayEquals(new double[] { pass.ciLow(), pass.ciHigh() }, new double[] { again.ciLow(), again.ciHigh() });
        MetricComparison fail = c.compare("token_f1", run("c", 2, "token_f1", 0.4, true, null, null),
                results("token_f1", worse), b, results("token_f1", base), s);
        assertEquals(RegressionVerdict.FAIL, fail.verdict(), fail.reason());
        assertEquals(-0.3, fail.ciHigh(), 1e-9); // every paired difference is -0.3
        // McNemar for 0/1 scores: 4 only-candidate vs 36 only-baseline is a significant drop.
        double[] cb = new double[40], bb = new double[40];
        for (int i = 0; i < 40; i++) {
            cb[i] = i < 4 ? 1 : 0;
            bb[i] = i < 4 ? 0 : 1;
        }
        MetricComparison m = c.compare("accuracy", run("c", 2, "accuracy", 0.1, true, null, null), results("accuracy", cb),
                run("b", 1, "accuracy", 0.9, true, null, null), results("accuracy", bb),
                new Comparison.Settings("auto", 1000, 0.95, 42, Map.of(), Map.of()));
        assertEquals("mcnemar", m.method());
        assertEquals(RegressionVerdict.FAIL, m.verdict(), m.reason());
        assertEquals(4L, m.candidateOnly());
        assertEquals(36L, m.baselineOnly());
    }

    @Test
    void paretoSet() {
        // v3 is worse than v1 on quality, cost and latency; v1 is cheaper, v2 better.
        Tradeoff t = Tradeoffs.of(AssetType.MODEL, "m", new VersionRef(AssetType.DATASET, "d", 1), "accuracy", true, List.of(
                run("r3", 3, "accuracy", 0.7, true, 2.0, 20.0), run("r2", 2, "accuracy", 0.9, true, 2.0, 10.0),
                run("r1", 1, "accuracy", 0.8, true, 1.0, 10.0)));
        assertEquals(3, t.points().size());
        assertTrue(t.points().get(0).pareto());
        assertTrue(t.points().get(1).pareto());
        assertFalse(t.points().get(2).pareto());
    }

    @Test
    void judgeAnswers() {
        ExampleScore ok = JudgeEvaluator.grade(chat("Sure! {\"score\": 4, \"reasoning\": \"mostly right\"}"), 5);
        assertEquals(0.8, ok.score(), EPS);
        assertEquals("mostly right", ok.detail());
        assertTrue(JudgeEvaluator.grade(chat("it is good"), 5).failure().contains("did not answer"));
        assertTrue(JudgeEvaluator.grade(chat("{\"score\": 7}"), 5).failure().contains("outside"));
        assertTrue(JudgeEvaluator.grade(chat("{\"score\": \"high\"}"), 5).failure().contains("did not answer"));
    }

    private static InferenceResponse chat(String text) {
        return new InferenceResponse(200, new byte[0], "application/json", 1L, 1L, text);
    }

    @Test
    void datasetRows() throws Exception {
        String csv = "id,x,text,label,context\nq1,1.5,\"a, b\",yes,doc one\n,2,plain,no,\n";
        List<Example> ex = DatasetReader.read(DatasetFormat.CSV, List.of(new org.aegisml.api.registry.FeatureSpec("x", "number")),
                new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, ex.size());
        assertEquals("q1", ex.get(0).id());
        assertEquals("2", ex.get(1).id());
        assertEquals(1.5, ex.get(0).inputs().get("x"));
        assertEquals("a, b", ex.get(0).inputs().get("text"));
        assertEquals("yes", ex.get(0).expected().value());
        assertEquals(List.of("doc one"), ex.get(0).expected().context());
        assertFalse(ex.get(0).inputs().containsKey("label"));
        byte[] more = Curation.append(csv.getBytes(StandardCharsets.UTF_8), DatasetFormat.CSV,
                List.of(Map.of("id", "fb-1", "x", 3.0, "expected", "maybe, not")));
        assertTrue(new String(more, StandardCharsets.UTF_8).endsWith("fb-1,3,,\"maybe, not\",\n"),
                new String(more, StandardCharsets.UTF_8));
    }
}
