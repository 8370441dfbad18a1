package org.aegisml.evaluation.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.evaluation.CurateResult;
import org.aegisml.api.evaluation.CurateSpec;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.EvaluationSpec;
import org.aegisml.api.evaluation.Evaluations;
import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.Feedback;
import org.aegisml.api.evaluation.FeedbackSpec;
import org.aegisml.api.evaluation.FeedbackSummary;
import org.aegisml.api.evaluation.MetricComparison;
import org.aegisml.api.evaluation.RegressionOverride;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.evaluation.RegressionSpec;
import org.aegisml.api.evaluation.RegressionVerdict;
import org.aegisml.api.evaluation.Tradeoff;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.MonitoringRepository.EventRow;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@link Evaluations} service: runs, regression tests, overrides, feedback and curation.
 * Runs happen on the caller's thread (the backend calls themselves are asynchronous and
 * bounded), and are stored with their results and audit entry in one transaction once done.
 * Evaluators and backends are whiteboards: a metric is usable while a bundle provides it.
 */
@Component(service = Evaluations.class, configurationPid = "org.aegisml.evaluation")
public final class EvaluationService implements Evaluations {
    /** Configuration PID {@code org.aegisml.evaluation}. */
    public @interface Config {
        /**
         * Most examples one run evaluates: a run holds its examples and results in memory until
         * it is stored, so a larger dataset version is refused up front rather than exhausting the heap.
         */
        int maxExamples() default 100_000;
    }

    private final Store store;
    private final Registry registry;
    private final Map<String, InferenceBackend> backends = new ConcurrentHashMap<>();
    private final List<Evaluator> evaluators = new CopyOnWriteArrayList<>();
    private final Runner runner;
    private final Comparison comparison;

    @Activate
    public EvaluationService(@Reference Store store, @Reference Registry registry, Config config) {
        this.store = store;
        this.registry = registry;
        this.runner = new Runner(registry, store, backends, this::evaluator, Math.max(1, config.maxExamples()));
        this.comparison = new Comparison(this::evaluator);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(InferenceBackend b) {
        backends.put(b.type(), b);
    }

    void removeBackend(InferenceBackend b) {
        backends.remove(b.type(), b);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEvaluator(Evaluator e) {
        evaluators.add(e);
    }

    void removeEvaluator(Evaluator e) {
        evaluators.remove(e);
    }

    /** The evaluator of a metric; the most recently installed wins, so a plugin can replace a built-in. */
    Evaluator evaluator(String metric) {
        Evaluator found = null;
        for (Evaluator e : evaluators) {
            try {
                if (e.metrics().contains(metric)) found = e;
            } catch (RuntimeException x) {
                // An evaluator that cannot even list its metrics offers none.
            }
        }
        return found;
    }

    @Override
    public List<String> metrics() {
        Set<String> all = new TreeSet<>();
        for (Evaluator e : evaluators) {
            try {
                all.addAll(e.metrics());
            } catch (RuntimeException x) {
                // see evaluator()
            }
        }
        return List.copyOf(all);
    }

    // ---------------------------------------------------------------- runs

    @Override
    public EvaluationRun run(EvaluationSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        if (spec == null) throw new ValidationException(null, "an evaluation spec is required");
        Runner.Outcome o = runner.run(spec, actor.name(), Set.copyOf(metrics()));
        store.write(tx -> {
            tx.evaluations().insertRun(o.run(), o.results());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("target", o.run().target().toString());
            after.put("dataset", o.run().dataset().toString());
            after.put("source", o.run().source());
            after.put("examples", o.run().examples());
            after.put("failed", o.run().failed());
            Map<String, Object> values = new TreeMap<>();
            o.run().metrics().forEach(m -> values.put(m.name(), m.value()));
            after.put("metrics", values);
            tx.audit().append(new AuditRecord(actor.name(), "evaluation.run", "evaluations/" + o.run().id(), null,
                    Json.write(after)));
            return null;
        });
        try {
            registry.link(o.run().dataset(), o.run().target(), LineageRelation.EVALUATED_ON, actor);
        } catch (ConflictException e) {
            // Evaluated on this dataset version before: the edge is already recorded.
        }
        return o.run();
    }

    @Override
    public Optional<EvaluationRun> get(String id) {
        return store.read(tx -> tx.evaluations().findRun(id));
    }

    @Override
    public List<EvaluationRun> list(VersionRef target, VersionRef dataset, int limit) {
        return store.read(tx -> tx.evaluations().runs(target, dataset, Math.min(Math.max(limit, 1), 500)));
    }

    @Override
    public List<ExampleResult> results(String runId, int offset, int limit) {
        if (get(runId).isEmpty()) throw new NotFoundException("id", "no evaluation run " + runId);
        return store.read(tx -> tx.evaluations().results(runId, offset, limit));
    }

    // ---------------------------------------------------------------- regression tests

    @Override
    public RegressionResult regression(RegressionSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        if (spec == null || spec.candidate() == null) throw new ValidationException("candidate", "candidate (a version) is required");
        if (spec.dataset() == null) throw new ValidationException("dataset", "dataset (a dataset version) is required");
        if (spec.metrics().isEmpty()) throw new ValidationException("metrics", "name at least one metric to compare");
        VersionRef cand = spec.candidate();
        VersionRef base = spec.baseline();
        if (base == null) {
            base = registry.versionByAlias(cand.type(), cand.name(), "production").map(AssetVersion::ref)
                    .orElseThrow(() -> new ValidationException("baseline", "no baseline was given and " + cand.type().collection()
                            + "/" + cand.name() + " has no production version"));
        }
        if (base.equals(cand)) throw new ValidationException("baseline", "the candidate is the baseline (" + cand + ")");
        if (base.type() != cand.type()) throw new ValidationException("baseline", "the baseline must be a version of the same kind");
        double confidence = spec.confidence() == null ? 0.95 : spec.confidence();
        if (!(confidence > 0.5 && confidence < 1)) throw new ValidationException("confidence", "confidence must be between 0.5 and 1");
        int resamples = spec.resamples() == null ? 1000 : spec.resamples();
        if (resamples < 100 || resamples > 100_000) throw new ValidationException("resamples", "resamples must be 100 to 100000");
        EvaluationRun cr = side(spec.candidateRun(), "candidate_run", cand, spec, spec.candidateBackend(), actor);
        EvaluationRun br = side(spec.baselineRun(), "baseline_run", base, spec, spec.baselineBackend(), actor);
        List<ExampleResult> cres = store.read(tx -> tx.evaluations().results(cr.id(), 0, Integer.MAX_VALUE));
        List<ExampleResult> bres = store.read(tx -> tx.evaluations().results(br.id(), 0, Integer.MAX_VALUE));
        Comparison.Settings settings = new Comparison.Settings(spec.method(), resamples, confidence,
                spec.seed() == null ? 42 : spec.seed(), spec.tolerances(), spec.options());
        List<MetricComparison> ms = new ArrayList<>();
        for (String m : spec.metrics()) ms.add(comparison.compare(m, cr, cres, br, bres, settings));
        RegressionResult r = new RegressionResult(UUID.randomUUID().toString(), cand, base, spec.dataset(), cr.id(), br.id(),
                Comparison.overall(ms), ms, actor.id(), actor.name(), Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        store.write(tx -> {
            tx.evaluations().insertRegression(r);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("candidate", cand.toString());
            after.put("baseline", r.baseline().toString());
            after.put("dataset", spec.dataset().toString());
            after.put("verdict", r.verdict().wire());
            Map<String, String> per = new TreeMap<>();
            ms.forEach(m -> per.put(m.metric(), m.verdict().wire()));
            after.put("metrics", per);
            tx.audit().append(new AuditRecord(actor.name(), "evaluation.regression", "regressions/" + r.id(), null,
                    Json.write(after)));
            return null;
        });
        return r;
    }

    /** The named run, else the newest stored run with every metric, else a new run. */
    private EvaluationRun side(String runId, String field, VersionRef version, RegressionSpec spec, Backend backend, Actor actor) {
        if (runId != null) {
            EvaluationRun r = get(runId).orElseThrow(() -> new NotFoundException(field, "no evaluation run " + runId));
            if (!r.target().equals(version) || !r.dataset().equals(spec.dataset())) {
                throw new ValidationException(field, "the run " + runId + " evaluated " + r.target() + " on " + r.dataset()
                        + ", not " + version + " on " + spec.dataset());
            }
            return r;
        }
        for (EvaluationRun r : list(version, spec.dataset(), 50)) {
            if (spec.metrics().stream().allMatch(m -> r.metric(m) != null && r.metric(m).failure() == null)) return r;
        }
        return run(new EvaluationSpec(version, spec.dataset(), spec.metrics(), spec.options(), backend, null, null, null, null),
                actor);
    }

    @Override
    public Optional<RegressionResult> regressionTest(String id) {
        return store.read(tx -> tx.evaluations().findRegression(id));
    }

    @Override
    public List<RegressionResult> regressionTests(VersionRef candidate) {
        return store.read(tx -> tx.evaluations().regressions(candidate));
    }

    @Override
    public RegressionResult override(String id, String reason, Actor actor) {
        actor.require(Role.APPROVER);
        if (reason == null || reason.isBlank()) throw new ValidationException("reason", "an override needs a reason");
        return store.write(tx -> {
            RegressionResult r = tx.evaluations().lockRegression(id)
                    .orElseThrow(() -> new NotFoundException("id", "no regression test " + id));
            if (r.verdict() != RegressionVerdict.FAIL) {
                throw new ConflictException("id", "the regression test " + id + " " + r.verdict().wire() + "ed; only a failed one is overridden");
            }
            if (r.override() != null) throw new ConflictException("id", "the regression test " + id + " was already overridden by " + r.override().byName());
            if (r.createdBy().equals(actor.id())) {
                throw new ForbiddenException(null, "the person who ran a regression test cannot override it; another approver must");
            }
            RegressionResult o = new RegressionResult(r.id(), r.candidate(), r.baseline(), r.dataset(), r.candidateRun(),
                    r.baselineRun(), r.verdict(), r.metrics(), r.createdBy(), r.createdByName(), r.createdAt(),
                    new RegressionOverride(actor.id(), actor.name(), reason.strip(), Instant.now().truncatedTo(ChronoUnit.MICROS)));
            tx.evaluations().updateRegression(o);
            tx.audit().append(new AuditRecord(actor.name(), "evaluation.override", "regressions/" + id,
                    Json.write(Map.of("verdict", r.verdict().wire())),
                    Json.write(Map.of("candidate", r.candidate().toString(), "reason", reason.strip()))));
            return o;
        });
    }

    // ---------------------------------------------------------------- cost vs quality

    @Override
    public Tradeoff tradeoff(AssetType type, String name, String dataset, Integer datasetVersion, String metric) {
        if (name == null || name.isBlank()) throw new ValidationException("model", "model is required");
        if (dataset == null || dataset.isBlank()) throw new ValidationException("dataset", "dataset is required");
        if (metric == null || metric.isBlank()) throw new ValidationException("metric", "metric is required");
        registry.find(type, name).orElseThrow(() -> new NotFoundException("model", "no " + type.collection() + "/" + name));
        int dv = datasetVersion != null ? datasetVersion
                : registry.versionByAlias(AssetType.DATASET, dataset, "latest").map(AssetVersion::version)
                        .orElseThrow(() -> new NotFoundException("dataset", "no dataset " + dataset + " with a version"));
        VersionRef ds = new VersionRef(AssetType.DATASET, dataset, dv);
        List<EvaluationRun> runs = list(null, ds, 500);
        Evaluator ev = evaluator(metric);
        boolean higher = ev == null || ev.higherIsBetter(metric);
        return Tradeoffs.of(type, name, ds, metric, higher, runs);
    }

    // ---------------------------------------------------------------- feedback

    @Override
    public Feedback feedback(FeedbackSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        if (spec == null || spec.eventId() == null || spec.eventId().isBlank()) {
            throw new ValidationException("event_id", "event_id (the monitoring event the feedback is about) is required");
        }
        if (spec.score() == null && spec.thumbsUp() == null && blank(spec.label()) && blank(spec.correctedOutput())) {
            throw new ValidationException(null, "give a score, thumbs, a label or a corrected output");
        }
        if (spec.score() != null && !(spec.score() >= 0 && spec.score() <= 1)) {
            throw new ValidationException("score", "score must be between 0 and 1");
        }
        return store.write(tx -> {
            EventRow e = tx.monitoring().event(spec.eventId())
                    .orElseThrow(() -> new NotFoundException("event_id", "no event " + spec.eventId()));
            Feedback f = new Feedback(UUID.randomUUID().toString(), e.eventId(), e.model(), e.version(), e.endpoint(), e.arm(),
                    spec.score(), spec.thumbsUp(), blank(spec.label()) ? null : spec.label(),
                    blank(spec.correctedOutput()) ? null : spec.correctedOutput(), spec.comment(), actor.name(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), null);
            tx.evaluations().insertFeedback(f);
            return f;
        });
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public Optional<Feedback> findFeedback(String id) {
        return store.read(tx -> tx.evaluations().findFeedback(id));
    }

    @Override
    public List<FeedbackSummary> feedbackSummary(String model, Instant from, Instant to) {
        if (model == null || model.isBlank()) throw new ValidationException("model", "model is required");
        Instant t = to == null ? Instant.now() : to;
        Instant f = from == null ? t.minus(7, ChronoUnit.DAYS) : from;
        return FeedbackMetrics.summaries(store.read(tx -> tx.evaluations().feedbackFor(model, null, null, f, t)));
    }

    @Override
    public CurateResult curate(String dataset, CurateSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        CurateSpec s = spec == null ? new CurateSpec(null, null, null, null) : spec;
        Curation.Made made = new Curation(registry, store).curate(dataset, s, actor);
        EvaluationRun run = s.evaluate() == null ? null : run(s.evaluate().withDataset(made.version().ref()), actor);
        return new CurateResult(made.version(), made.added(), run);
    }
}
