package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.evaluation.CurateResult;
import org.aegisml.api.evaluation.CurateSpec;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.EvaluationSpec;
import org.aegisml.api.evaluation.Evaluations;
import org.aegisml.api.evaluation.FeedbackSpec;
import org.aegisml.api.evaluation.Prediction;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.evaluation.RegressionSpec;
import org.aegisml.api.evaluation.Tradeoff;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/**
 * Offline evaluation runs, regression tests and their overrides, cost against quality,
 * feedback on live calls and its curation into a dataset version. Versions are written as
 * {@code models/churn/3}, {@code prompts/greeting/2}, {@code datasets/golden/1}.
 */
public final class EvaluationRoutes {
    static final String E = "/api/v1/evaluations", RG = "/api/v1/regressions", F = "/api/v1/feedback";
    private final Evaluations evaluations;

    public EvaluationRoutes(Evaluations evaluations) {
        this.evaluations = evaluations;
    }

    record BackendBody(String type, String url, String timeout, Integer retries, Map<String, String> options) {
    }

    record PredictionBody(Object output, Double probability, Double latencyMs, Long inputTokens, Long outputTokens, Double cost) {
    }

    record RunBody(String target, String dataset, List<String> metrics, Map<String, Map<String, Object>> options,
            BackendBody backend, Map<String, PredictionBody> predictions, Integer concurrency, Integer retries, String timeout) {
    }

    record RegressionBody(String candidate, String baseline, String dataset, List<String> metrics, Map<String, Double> tolerances,
            Map<String, Map<String, Object>> options, String method, Integer resamples, Double confidence, Long seed,
            String candidateRun, String baselineRun, BackendBody candidateBackend, BackendBody baselineBackend) {
    }

    record OverrideBody(String reason) {
    }

    record FeedbackBody(String eventId, Double score, String thumbs, String label, String correctedOutput, String comment) {
    }

    record CurateBody(Integer fromVersion, List<String> feedbackIds, String description, RunBody evaluate) {
    }

    public void register(Router router) {
        router.add(new Route("GET", E + "/metrics", Role.VIEWER, r -> Reply.ok(Map.of("items", evaluations.metrics()))));
        router.add(new Route("GET", E + "/tradeoff", Role.VIEWER, this::tradeoff));
        router.add(new Route("POST", E, Role.OPERATOR, r -> {
            EvaluationRun run = evaluations.run(spec("", r.json(RunBody.class)), r.actor());
            return Reply.created(E + "/" + run.id(), run(run));
        }));
        router.add(new Route("GET", E, Role.VIEWER, r -> Reply.ok(Map.of("items", evaluations.list(
                optionalRef("target", r.query("target")), optionalRef("dataset", r.query("dataset")),
                r.queryInt("limit", 50, 1, 500)).stream().map(EvaluationRoutes::run).toList()))));
        router.add(new Route("GET", E + "/{id}", Role.VIEWER, r -> Reply.ok(run(evaluations.get(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no evaluation run " + r.path("id")))))));
        router.add(new Route("GET", E + "/{id}/results", Role.VIEWER, r -> Reply.ok(Map.of("items", evaluations.results(
                r.path("id"), r.queryInt("offset", 0, 0, Integer.MAX_VALUE), r.queryInt("limit", 100, 1, 10_000))))));
        router.add(new Route("POST", RG, Role.OPERATOR, r -> {
            RegressionResult t = evaluations.regression(regression(r.json(RegressionBody.class)), r.actor());
            return Reply.created(RG + "/" + t.id(), regression(t));
        }));
        router.add(new Route("GET", RG, Role.VIEWER, r -> Reply.ok(Map.of("items", evaluations.regressionTests(
                DeploymentRoutes.ref("candidate", r.query("candidate"), null)).stream().map(EvaluationRoutes::regression).toList()))));
        router.add(new Route("GET", RG + "/{id}", Role.VIEWER, r -> Reply.ok(regression(evaluations.regressionTest(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no regression test " + r.path("id")))))));
        router.add(new Route("POST", RG + "/{id}/override", Role.APPROVER, r -> Reply.ok(regression(evaluations.override(
                r.path("id"), r.json(OverrideBody.class).reason(), r.actor())))));
        router.add(new Route("POST", F, Role.OPERATOR, this::feedback));
        router.add(new Route("GET", F + "/summary", Role.VIEWER, r -> Reply.ok(Map.of("items", evaluations.feedbackSummary(
                r.query("model"), MonitoringRoutes.instant(r, "from", null), MonitoringRoutes.instant(r, "to", null))))));
        router.add(new Route("GET", F + "/{id}", Role.VIEWER, r -> Reply.ok(evaluations.findFeedback(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no feedback " + r.path("id"))))));
        router.add(new Route("POST", "/api/v1/datasets/{name}/curate", Role.OPERATOR, this::curate));
    }

    private Reply tradeoff(ApiRequest r) {
        String dv = r.query("dataset_version");
        Integer version = null;
        if (dv != null) {
            try {
                version = Integer.parseInt(dv);
            } catch (NumberFormatException e) {
                throw new ValidationException("dataset_version", "dataset_version must be a number");
            }
        }
        AssetType type = "prompt".equals(r.query("type")) ? AssetType.PROMPT : AssetType.MODEL;
        String name = type == AssetType.PROMPT && r.query("prompt") != null ? r.query("prompt") : r.query("model");
        Tradeoff t = evaluations.tradeoff(type, name, r.query("dataset"), version, r.query("metric"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", t.metric());
        m.put("higher_is_better", t.higherIsBetter());
        m.put("dataset", t.dataset().toString());
        m.put("points", t.points().stream().map(p -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("version", p.version().toString());
            x.put("run", p.run());
            x.put("quality", p.quality());
            x.put("cost_per_1k", p.costPer1k());
            x.put("latency_p50_ms", p.latencyP50());
            x.put("latency_p95_ms", p.latencyP95());
            x.put("pareto", p.pareto());
            return x;
        }).toList());
        m.put("pareto", t.points().stream().filter(p -> p.pareto()).map(p -> p.version().toString()).toList());
        return Reply.ok(m);
    }

    private Reply feedback(ApiRequest r) throws IOException {
        FeedbackBody b = r.json(FeedbackBody.class);
        Boolean up = null;
        if (b.thumbs() != null) {
            up = switch (b.thumbs().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "up", "true", "1" -> true;
                case "down", "false", "0" -> false;
                default -> throw new ValidationException("thumbs", "thumbs must be up or down");
            };
        }
        var f = evaluations.feedback(new FeedbackSpec(b.eventId(), b.score(), up, b.label(), b.correctedOutput(), b.comment()),
                r.actor());
        return Reply.created(F + "/" + f.id(), f);
    }

    private Reply curate(ApiRequest r) throws IOException {
        String name = r.path("name");
        CurateBody b = r.isJson() ? r.json(CurateBody.class) : new CurateBody(null, null, null, null);
        CurateResult c = evaluations.curate(name, new CurateSpec(b.fromVersion(), b.feedbackIds(), b.description(),
                b.evaluate() == null ? null : spec("evaluate.", b.evaluate())), r.actor());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", c.dataset().ref().toString());
        m.put("version", c.dataset().version());
        m.put("spec", c.dataset().spec());
        m.put("added", c.added());
        m.put("run", c.run() == null ? null : run(c.run()));
        return Reply.created("/api/v1/datasets/" + name + "/versions/" + c.dataset().version(), m);
    }

    // ---------------------------------------------------------------- input

    private static EvaluationSpec spec(String prefix, RunBody b) {
        Map<String, Prediction> predictions = null;
        if (b.predictions() != null) {
            predictions = new LinkedHashMap<>();
            for (Map.Entry<String, PredictionBody> e : b.predictions().entrySet()) {
                PredictionBody p = e.getValue();
                if (p == null || p.output() == null) {
                    throw new ValidationException(prefix + "predictions." + e.getKey(), "a prediction needs an output");
                }
                predictions.put(e.getKey(), new Prediction(p.output(), p.probability(), p.latencyMs(), p.inputTokens(),
                        p.outputTokens(), p.cost(), null));
            }
        }
        // The dataset of a curation's evaluation is the new version; anything else must name one.
        VersionRef dataset = prefix.isEmpty() || b.dataset() != null
                ? DeploymentRoutes.ref(prefix + "dataset", b.dataset(), AssetType.DATASET) : null;
        return new EvaluationSpec(b.target() == null ? null : DeploymentRoutes.ref(prefix + "target", b.target(), null), dataset,
                b.metrics(), b.options(), backend(prefix + "backend", b.backend()), predictions, b.concurrency(), b.retries(),
                AlertRoutes.duration(prefix + "timeout", b.timeout()));
    }

    private static RegressionSpec regression(RegressionBody b) {
        return new RegressionSpec(DeploymentRoutes.ref("candidate", b.candidate(), null), optionalRef("baseline", b.baseline()),
                DeploymentRoutes.ref("dataset", b.dataset(), AssetType.DATASET), b.metrics(), b.tolerances(), b.options(),
                b.method(), b.resamples(), b.confidence(), b.seed(), b.candidateRun(), b.baselineRun(),
                backend("candidate_backend", b.candidateBackend()), backend("baseline_backend", b.baselineBackend()));
    }

    private static Backend backend(String field, BackendBody b) {
        return b == null ? null : new Backend(b.type(), b.url(), AlertRoutes.duration(field + ".timeout", b.timeout()), b.retries(),
                b.options());
    }

    private static VersionRef optionalRef(String field, String s) {
        return s == null || s.isBlank() ? null : DeploymentRoutes.ref(field, s, null);
    }

    // ---------------------------------------------------------------- output

    static Map<String, Object> run(EvaluationRun x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", x.id());
        m.put("target", x.target().toString());
        m.put("dataset", x.dataset().toString());
        m.put("source", x.source());
        m.put("metrics", x.metrics());
        m.put("examples", x.examples());
        m.put("failed", x.failed());
        m.put("latency_p50_ms", x.latencyP50());
        m.put("latency_p95_ms", x.latencyP95());
        m.put("input_tokens", x.inputTokens());
        m.put("output_tokens", x.outputTokens());
        m.put("cost_per_1k", x.costPer1k());
        m.put("created_by", x.createdBy());
        m.put("created_at", x.createdAt());
        m.put("duration_ms", x.durationMs());
        m.put("examples_per_second", x.durationMs() == 0 ? null : x.examples() * 1000.0 / x.durationMs());
        return m;
    }

    static Map<String, Object> regression(RegressionResult x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", x.id());
        m.put("candidate", x.candidate().toString());
        m.put("baseline", x.baseline().toString());
        m.put("dataset", x.dataset().toString());
        m.put("candidate_run", x.candidateRun());
        m.put("baseline_run", x.baselineRun());
        m.put("verdict", x.verdict().wire());
        m.put("metrics", x.metrics().stream().map(c -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("metric", c.metric());
            v.put("candidate", c.candidate());
            v.put("baseline", c.baseline());
            v.put("delta", c.delta());
            v.put("method", c.method());
            v.put("ci_low", c.ciLow());
            v.put("ci_high", c.ciHigh());
            v.put("p_value", c.pValue());
            v.put("candidate_only", c.candidateOnly());
            v.put("baseline_only", c.baselineOnly());
            v.put("tolerance", c.tolerance());
            v.put("verdict", c.verdict().wire());
            v.put("reason", c.reason());
            return v;
        }).toList());
        m.put("created_by", x.createdByName());
        m.put("created_at", x.createdAt());
        m.put("blocks_promotion", x.blocks());
        m.put("override", x.override());
        return m;
    }
}
