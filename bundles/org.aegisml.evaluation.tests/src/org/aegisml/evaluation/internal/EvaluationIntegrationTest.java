package org.aegisml.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.evaluation.CurateResult;
import org.aegisml.api.evaluation.CurateSpec;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.EvaluationSpec;
import org.aegisml.api.evaluation.Evaluations;
import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.Feedback;
import org.aegisml.api.evaluation.FeedbackSpec;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.Observation;
import org.aegisml.api.evaluation.Prediction;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.evaluation.RegressionSpec;
import org.aegisml.api.evaluation.RegressionVerdict;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

/**
 * The evaluation service inside the OSGi runtime, on the real store, registry, monitoring and
 * backends, against local model servers whose answers each test sets: a baseline that answers
 * 1 and a candidate that answers 0, on a dataset whose labels are 36 ones and 4 zeros.
 */
class EvaluationIntegrationTest {
    static final Actor OPERATOR = new Actor("k-olga", "olga", Role.OPERATOR);
    static final Actor REQUESTER = new Actor("k-rita", "rita", Role.APPROVER);
    static final Actor APPROVER = new Actor("k-april", "april", Role.APPROVER);
    static ModelServer base;
    static ModelServer cand;

    @BeforeAll
    static void runtime() throws Exception {
        TestRuntime.ensureStore();
        base = ModelServer.start("base").answer("{\"prediction\": 1, \"probability\": 0.9}");
        cand = ModelServer.start("cand").answer("{\"prediction\": 0, \"probability\": 0.2}");
    }

    @AfterAll
    static void stop() {
        base.close();
        cand.close();
    }

    static Registry registry() {
        return TestRuntime.service(Registry.class);
    }

    static Evaluations evaluations() {
        return TestRuntime.service(Evaluations.class);
    }

    static Backend backend(ModelServer s) {
        return new Backend("http-json", s.predictUrl(), Duration.ofSeconds(5), 1, Map.of());
    }

    /** A model with two versions whose signature is x:number, and a dataset of 40 labelled rows. */
    static String[] setup() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String model = "ev-" + id, dataset = "golden-" + id;
        registry().create(new NewAsset(AssetType.MODEL, model, ModelKind.ML, null, Map.of()), OPERATOR);
        for (int v = 1; v <= 2; v++) {
            registry().addVersion(AssetType.MODEL, model, new NewVersion(new ModelVersionSpec("v" + v, "sklearn", "pickle",
                    Map.of(), Map.of(), Map.of(), List.of(new FeatureSpec("x", "number"))), "m.pkl", "application/octet-stream",
                    new ByteArrayInputStream(new byte[] { (byte) v })), OPERATOR);
        }
        StringBuilder csv = new StringBuilder("id,x,label\n");
        for (int i = 1; i <= 40; i++) csv.append("e").append(i).append(',').append(i).append(',').append(i <= 36 ? 1 : 0).append('\n');
        dataset(dataset, csv.toString(), "golden.csv");
        return new String[] { model, dataset };
    }

    static void dataset(String name, String content, String file) {
        if (registry().find(AssetType.DATASET, name).isEmpty()) {
            registry().create(new NewAsset(AssetType.DATASET, name, null, null, Map.of()), OPERATOR);
        }
        registry().addVersion(AssetType.DATASET, name, new NewVersion(new DatasetVersionSpec(null, null, 0, null), file, "text/csv",
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))), OPERATOR);
    }

    static VersionRef ref(AssetType t, String name, int v) {
        return new VersionRef(t, name, v);
    }

    @Test
    void aRunCallsTheBackendStoresEveryExampleAndRecordsLineage() {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), ds = ref(AssetType.DATASET, s[1], 1);
        base.clear();
        EvaluationRun run = evaluations().run(new EvaluationSpec(v1, ds, List.of("accuracy", "f1", "roc_auc", "latency_ms"),
                null, backend(base), null, 4, null, null), OPERATOR);
        assertEquals(40, base.count());
        assertEquals(40, run.examples());
        assertEquals(0, run.failed());
        assertEquals(0.9, run.metric("accuracy").value(), 1e-9); // 36 of 40 labels are 1
        assertEquals(2 * 0.9 / 1.9, run.metric("f1").value(), 1e-9); // P = 0.9, R = 1
        assertEquals(0.5, run.metric("roc_auc").value(), 1e-9); // one constant probability: every pair ties
        assertEquals("backend", run.source());
        assertEquals(run, evaluations().get(run.id()).orElseThrow());
        List<ExampleResult> results = evaluations().results(run.id(), 0, 100);
        assertEquals(40, results.size());
        assertEquals("e37", results.get(36).example().id());
        assertEquals(0.0, results.get(36).scores().get("accuracy").score());
        assertEquals(40.0, ((Number) base.requests().get(39).json().get("x").asDouble()).doubleValue(), 40); // sent the features
        List<LineageNode> down = registry().lineage(ds, LineageDirection.DOWN, 1);
        assertTrue(down.stream().anyMatch(n -> n.version().equals(v1) && n.via().relation() == LineageRelation.EVALUATED_ON), down.toString());
        // A second run on the same pair is fine (the edge exists already).
        evaluations().run(new EvaluationSpec(v1, ds, List.of("accuracy"), null, backend(base), null, null, null, null), OPERATOR);
    }

    @Test
    void aFailedRegressionBlocksPromotionUntilASecondApproverOverridesIt() {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), v2 = ref(AssetType.MODEL, s[0], 2), ds = ref(AssetType.DATASET, s[1], 1);
        registry().transition(v1, Stage.STAGING, "first", OPERATOR);
        registry().transition(v1, Stage.PRODUCTION, "first", OPERATOR);
        RegressionResult r = evaluations().regression(new RegressionSpec(v2, null, ds, List.of("accuracy"), Map.of("accuracy", 0.02),
                null, null, null, null, null, null, null, backend(cand), backend(base)), REQUESTER);
        assertEquals(v1, r.baseline()); // the production alias
        assertEquals(RegressionVerdict.FAIL, r.verdict(), r.metrics().toString());
        assertEquals("mcnemar", r.metrics().get(0).method());
        assertEquals(0.1, r.metrics().get(0).candidate(), 1e-9);
        assertEquals(-0.8, r.metrics().get(0).delta(), 1e-9);
        assertTrue(r.metrics().get(0).pValue() < 0.001);

        registry().transition(v2, Stage.STAGING, "try", OPERATOR);
        PromotionDeniedException denied = assertThrows(PromotionDeniedException.class,
                () -> registry().transition(v2, Stage.PRODUCTION, "ship", OPERATOR));
        assertEquals("regression", denied.gate());
        assertTrue(denied.getMessage().contains(r.id()), denied.getMessage());

        assertThrows(ForbiddenException.class, () -> evaluations().override(r.id(), "I say so", REQUESTER));
        assertThrows(ForbiddenException.class, () -> evaluations().override(r.id(), "I say so", OPERATOR));
        assertThrows(ValidationException.class, () -> evaluations().override(r.id(), " ", APPROVER));
        RegressionResult o = evaluations().override(r.id(), "the golden set is stale; checked by hand", APPROVER);
        assertEquals("april", o.override().byName());
        assertEquals(Stage.PRODUCTION, registry().transition(v2, Stage.PRODUCTION, "ship", OPERATOR).to());
        assertEquals(o, evaluations().regressionTests(v2).get(0));
    }

    @Test
    void aCandidateAsGoodAsProductionPasses() {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), v2 = ref(AssetType.MODEL, s[0], 2), ds = ref(AssetType.DATASET, s[1], 1);
        RegressionResult r = evaluations().regression(new RegressionSpec(v2, v1, ds, List.of("accuracy", "log_loss"), null, null,
                null, null, null, 7L, null, null, backend(base), backend(base)), OPERATOR);
        assertEquals(RegressionVerdict.PASS, r.verdict(), r.metrics().toString());
        assertEquals("bootstrap", r.metrics().get(1).method());
    }

    @Test
    void badInputIsRefusedWithTheField() {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1);
        dataset(s[1], "id,y,label\n1,2,1\n", "other.csv"); // version 2 lacks the signature's x
        ValidationException e = assertThrows(ValidationException.class, () -> evaluations().run(new EvaluationSpec(v1,
                ref(AssetType.DATASET, s[1], 2), List.of("accuracy"), null, backend(base), null, null, null, null), OPERATOR));
        assertEquals("dataset", e.field());
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        ValidationException m = assertThrows(ValidationException.class, () -> evaluations().run(new EvaluationSpec(v1,
                ref(AssetType.DATASET, s[1], 1), List.of("nope"), null, backend(base), null, null, null, null), OPERATOR));
        assertEquals("metrics", m.field());
        assertThrows(NotFoundException.class, () -> evaluations().run(new EvaluationSpec(ref(AssetType.MODEL, s[0], 9),
                ref(AssetType.DATASET, s[1], 1), List.of("accuracy"), null, backend(base), null, null, null, null), OPERATOR));
        ValidationException b = assertThrows(ValidationException.class, () -> evaluations().run(new EvaluationSpec(v1,
                ref(AssetType.DATASET, s[1], 1), List.of("accuracy"), null, null, null, null, null, null), OPERATOR));
        assertEquals("backend", b.field());
    }

    @Test
    void aDatasetLargerThanTheRunLimitIsRefusedBeforeAnyCall() throws Exception {
        String[] s = setup(); // 40 examples
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), ds = ref(AssetType.DATASET, s[1], 1);
        TestRuntime.configure("org.aegisml.evaluation", new java.util.Hashtable<>(Map.of("maxExamples", 30)));
        try {
            Evaluations limited = TestRuntime.service(Evaluations.class, "(maxExamples=30)");
            base.clear();
            ValidationException e = assertThrows(ValidationException.class, () -> limited.run(new EvaluationSpec(v1, ds,
                    List.of("accuracy"), null, backend(base), null, null, null, null), OPERATOR));
            assertEquals("dataset", e.field());
            assertTrue(e.getMessage().contains("has 40 examples; a run evaluates at most 30"), e.getMessage());
            assertEquals(0, base.count(), "refused before the backend was called");
        } finally {
            TestRuntime.configure("org.aegisml.evaluation", new java.util.Hashtable<>(Map.of("maxExamples", 100_000)));
            TestRuntime.service(Evaluations.class, "(maxExamples=100000)");
        }
    }

    @Test
    void aFailingBackendOrEvaluatorFailsExamplesNotTheRun() {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), ds = ref(AssetType.DATASET, s[1], 1);
        ServiceRegistration<Evaluator> reg = TestRuntime.context().registerService(Evaluator.class, new Evaluator() {
            @Override
            public Set<String> metrics() {
                return Set.of("boom");
            }

            @Override
            public MetricResult evaluate(String metric, List<Observation> o, Map<String, Object> options) {
                throw new IllegalStateException("kaboom");
            }
        }, null);
        try (ModelServer broken = ModelServer.start("broken").errorRate(1)) {
            EvaluationRun ok = evaluations().run(new EvaluationSpec(v1, ds, List.of("accuracy", "boom"), null, backend(base), null,
                    null, null, null), OPERATOR);
            assertEquals(0.9, ok.metric("accuracy").value(), 1e-9);
            assertTrue(ok.metric("boom").failure().contains("kaboom"), ok.metric("boom").toString());
            assertEquals(40, ok.metric("boom").failed());
            assertTrue(evaluations().results(ok.id(), 0, 1).get(0).scores().get("boom").failure().contains("kaboom"));

            EvaluationRun bad = evaluations().run(new EvaluationSpec(v1, ds, List.of("accuracy"), null, backend(broken), null, null,
                    2, null), OPERATOR);
            assertEquals(40, bad.failed());
            assertEquals(120, broken.count()); // a 5xx is tried again twice
            assertTrue(evaluations().results(bad.id(), 0, 1).get(0).prediction().error().contains("HTTP 500"));
        } finally {
            reg.unregister();
        }
    }

    @Test
    void aJudgeThatAnswersGarbageFailsThoseExamplesWithTheReason() {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), ds = ref(AssetType.DATASET, s[1], 1);
        Map<String, Prediction> supplied = new HashMap<>();
        for (int i = 1; i <= 40; i++) supplied.put("e" + i, new Prediction("answer " + i, null, 5.0, 10L, 2L, 0.001, null));
        try (ModelServer judge = ModelServer.start("judge")) {
            Map<String, Map<String, Object>> opts = Map.of("judge", Map.of("url", judge.openAiUrl(), "rubric",
                    "Is the answer correct?", "max_score", 5));
            judge.reply("Looks fine to me.");
            EvaluationRun garbage = evaluations().run(new EvaluationSpec(v1, ds, List.of("judge"), opts, null, supplied, null,
                    null, null), OPERATOR);
            assertEquals("predictions", garbage.source());
            assertNull(garbage.metric("judge").value());
            assertEquals(40, garbage.metric("judge").failed());
            assertTrue(evaluations().results(garbage.id(), 0, 1).get(0).scores().get("judge").failure()
                    .contains("Looks fine to me."));
            judge.reply("{\"score\": 4, \"reasoning\": \"close to the reference\"}");
            EvaluationRun graded = evaluations().run(new EvaluationSpec(v1, ds, List.of("judge", "cost"), opts, null, supplied,
                    null, null, null), OPERATOR);
            assertEquals(0.8, graded.metric("judge").value(), 1e-9);
            assertEquals("close to the reference", evaluations().results(graded.id(), 0, 1).get(0).scores().get("judge").detail());
            assertEquals(1.0, graded.costPer1k(), 1e-9);
            assertTrue(judge.last().text().contains("Is the answer correct?"));
        }
    }

    @Test
    void feedbackWithCorrectionsBecomesTheNextDatasetVersion() throws Exception {
        String[] s = setup();
        VersionRef v1 = ref(AssetType.MODEL, s[0], 1), ds = ref(AssetType.DATASET, s[1], 1);
        evaluations().run(new EvaluationSpec(v1, ds, List.of("accuracy"), null, backend(base), null, null, null, null), OPERATOR);
        String eventId = "evt-" + UUID.randomUUID();
        TestRuntime.service(Monitoring.class).ingest(List.of(new Event(eventId, null, s[0], 1, "ep", Instant.now(), 3.0, false,
                null, 1.0, null, null, Map.of("x", 77.0), null, null, null, null, null, null, null, null)));
        Feedback f = evaluations().feedback(new FeedbackSpec(eventId, 0.0, false, null, "0", "wrong class"), OPERATOR);
        assertEquals(1, f.version());
        assertEquals("ep", f.endpoint());
        assertThrows(NotFoundException.class, () -> evaluations().feedback(new FeedbackSpec("nope", 1.0, null, null, null, null),
                OPERATOR));
        assertThrows(ValidationException.class, () -> evaluations().feedback(new FeedbackSpec(eventId, 2.0, null, null, null, null),
                OPERATOR));
        Feedback thumbs = evaluations().feedback(new FeedbackSpec(eventId, null, true, null, null, null), OPERATOR);
        assertThrows(ValidationException.class, () -> evaluations().curate(s[1], new CurateSpec(null, List.of(thumbs.id()), null,
                null), OPERATOR));

        // With no ids: every uncurated correction on the versions evaluated on the dataset.
        CurateResult c = evaluations().curate(s[1], new CurateSpec(null, null, null, new EvaluationSpec(v1, null,
                List.of("accuracy"), null, backend(base), null, null, null, null)), OPERATOR);
        assertEquals(1, c.added());
        assertEquals(2, c.dataset().version());
        assertEquals(41, ((DatasetVersionSpec) c.dataset().spec()).rowCount());
        String text;
        try (InputStream in = registry().openArtifact(AssetType.DATASET, s[1], 2).content()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.endsWith("fb-" + f.id() + ",77,0\n"), text);
        List<LineageNode> up = registry().lineage(c.dataset().ref(), LineageDirection.UP, 1);
        assertTrue(up.stream().anyMatch(n -> n.version().equals(ds) && n.via().relation() == LineageRelation.DERIVED_FROM),
                up.toString());
        assertNotNull(c.run());
        assertEquals(c.dataset().ref(), c.run().dataset());
        assertEquals(36.0 / 41, c.run().metric("accuracy").value(), 1e-9); // the correction says 0, the model says 1
        assertEquals(c.dataset().ref().toString(), evaluations().findFeedback(f.id()).orElseThrow().curatedInto());
        assertTrue(TestRuntime.service(org.aegisml.api.audit.AuditLog.class).list(new org.aegisml.api.audit.AuditQuery(null, "dataset.curate", c.dataset().ref().toString(), null,
                null, org.aegisml.api.PageRequest.first())).total() == 1, "the curation is audited with the version");
        // An item goes into one version only: curating it again is refused and registers nothing.
        assertThrows(org.aegisml.api.ConflictException.class, () -> evaluations().curate(s[1], new CurateSpec(null,
                List.of(f.id()), null, null), OPERATOR));
        assertEquals(2, registry().find(AssetType.DATASET, s[1]).orElseThrow().latestVersion());

        // Online quality for rollout analysis.
        FeedbackMetrics fm = new FeedbackMetrics(TestRuntime.service(org.aegisml.api.store.Store.class));
        var target = new org.aegisml.api.deployment.Target(v1, backend(base), null);
        Instant from = Instant.now().minusSeconds(600), to = Instant.now().plusSeconds(60);
        assertEquals(0.0, fm.measure("feedback_score", target, "ep", from, to).value().getAsDouble(), 1e-9);
        assertEquals(0.5, fm.measure("thumbs_up_rate", target, "ep", from, to).value().getAsDouble(), 1e-9); // one down, one up
        assertEquals(1, evaluations().feedbackSummary(s[0], from, to).size());
    }
}
