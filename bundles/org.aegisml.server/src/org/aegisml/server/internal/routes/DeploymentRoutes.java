package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Comparison;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.ShadowReport;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/**
 * Deployments, their rollouts, operators' actions on a rollout, health, and approvals.
 * Versions are written {@code models/churn/3} (or {@code prompts/greeting/2}); durations like
 * {@code 30s}, {@code 5m} or ISO-8601; strategies, bounds and states by their wire names.
 */
public final class DeploymentRoutes {
    static final String DEPLOYMENTS = "/api/v1/deployments";
    static final String ROLLOUTS = "/api/v1/rollouts";
    static final String APPROVALS = "/api/v1/approvals";
    private final Deployments deployments;
    private final Approvals approvals;

    public DeploymentRoutes(Deployments deployments, Approvals approvals) {
        this.deployments = deployments;
        this.approvals = approvals;
    }

    public void register(Router router) {
        router.add(new Route("GET", DEPLOYMENTS, Role.VIEWER,
                r -> Reply.ok(Map.of("items", deployments.list().stream().map(DeploymentRoutes::deployment).toList()))));
        router.add(new Route("POST", DEPLOYMENTS, Role.OPERATOR, this::create));
        router.add(new Route("GET", DEPLOYMENTS + "/{name}", Role.VIEWER, r -> Reply.ok(deployment(deployments
                .find(r.path("name")).orElseThrow(() -> new NotFoundException("name", "no deployment named '" + r.path("name") + "'"))))));
        router.add(new Route("DELETE", DEPLOYMENTS + "/{name}", Role.OPERATOR, r -> {
            deployments.delete(r.path("name"), r.actor());
            return Reply.json(204, null);
        }));
        router.add(new Route("GET", DEPLOYMENTS + "/{name}/health", Role.VIEWER,
                r -> Reply.ok(health(deployments.health(r.path("name"))))));
        router.add(new Route("GET", DEPLOYMENTS + "/{name}/rollouts", Role.VIEWER, r -> Reply.ok(Map.of("items",
                deployments.rollouts(r.path("name")).stream().map(x -> rollout(x, false)).toList()))));
        router.add(new Route("POST", DEPLOYMENTS + "/{name}/rollouts", Role.OPERATOR, this::start));
        router.add(new Route("GET", ROLLOUTS + "/{id}", Role.VIEWER, r -> Reply.ok(rollout(deployments.rollout(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no rollout " + r.path("id"))), true))));
        for (RolloutAction a : RolloutAction.values()) {
            router.add(new Route("POST", ROLLOUTS + "/{id}/" + a.wire(), Role.OPERATOR, r -> {
                String reason = r.isJson() ? r.json(ReasonBody.class).reason() : null;
                return Reply.ok(rollout(deployments.act(r.path("id"), a, reason, r.actor()), false));
            }));
        }
        router.add(new Route("GET", APPROVALS, Role.VIEWER, r -> {
            String s = r.query("state");
            ApprovalState state = null;
            if (s != null) {
                state = ApprovalState.parse(s);
                if (state == null) throw new ValidationException("state", "state must be pending, approved, rejected or cancelled");
            }
            return Reply.ok(Map.of("items", approvals.list(state).stream().map(DeploymentRoutes::approval).toList()));
        }));
        router.add(new Route("GET", APPROVALS + "/{id}", Role.VIEWER, r -> Reply.ok(approval(approvals.approval(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no approval request " + r.path("id")))))));
        // The service also refuses the requester deciding their own request (403), whatever their role.
        router.add(new Route("POST", APPROVALS + "/{id}/approve", Role.APPROVER,
                r -> Reply.ok(approval(approvals.approve(r.path("id"), comment(r), r.actor())))));
        router.add(new Route("POST", APPROVALS + "/{id}/reject", Role.APPROVER,
                r -> Reply.ok(approval(approvals.reject(r.path("id"), comment(r), r.actor())))));
    }

    // ---------------------------------------------------------------- input

    record BackendBody(String type, String url, String timeout, Integer retries, Map<String, String> options) {
    }

    record TargetBody(String version, BackendBody backend, String model) {
    }

    record CaptureBody(Boolean inputs, Boolean outputs, Boolean features) {
    }

    record DeploymentBody(String name, String description, String project, TargetBody stable, CaptureBody capture) {
    }

    record StepBody(Integer weight, String duration, Boolean analysis) {
    }

    record RuleBody(String name, String metric, String bound, Double threshold, Boolean relative, Double slack,
            Integer minSamples) {
    }

    record RolloutBody(String strategy, TargetBody candidate, List<StepBody> steps, List<RuleBody> analysis,
            String interval, String window, Integer failureLimit, Integer inconclusiveLimit, Boolean requireApproval,
            Boolean approvalToPromote, Integer shadowPercent, Integer weight, String stickyKey, String abMetric,
            Double alpha, String rollbackWindow, String reason) {
    }

    record ReasonBody(String reason) {
    }

    record CommentBody(String comment) {
    }

    private Reply create(ApiRequest r) throws IOException {
        DeploymentBody b = r.json(DeploymentBody.class);
        if (b == null) throw new ValidationException("body", "a JSON object is required");
        Capture capture = b.capture() == null ? null
                : new Capture(b.capture().inputs(), b.capture().outputs(), b.capture().features());
        Deployment d = deployments.create(new DeploymentSpec(b.name(), b.description(), b.project(),
                target("stable", b.stable()), capture), r.actor());
        return Reply.created(DEPLOYMENTS + "/" + d.name(), deployment(d));
    }

    private Reply start(ApiRequest r) throws IOException {
        RolloutBody b = r.json(RolloutBody.class);
        if (b == null) throw new ValidationException("body", "a JSON object is required");
        Strategy strategy = null;
        if (b.strategy() != null) {
            strategy = Strategy.parse(b.strategy());
            if (strategy == null) throw new ValidationException("strategy", "strategy must be canary, shadow, ab or blue-green");
        }
        List<Step> steps = new ArrayList<>();
        if (b.steps() != null) {
            for (int i = 0; i < b.steps().size(); i++) {
                StepBody s = b.steps().get(i);
                if (s == null) throw new ValidationException("steps[" + i + "]", "a step is required here");
                steps.add(new Step(s.weight() == null ? 0 : s.weight(), AlertRoutes.duration("steps[" + i + "].duration",
                        s.duration()), s.analysis()));
            }
        }
        List<AnalysisRule> rules = new ArrayList<>();
        if (b.analysis() != null) {
            for (int i = 0; i < b.analysis().size(); i++) {
                RuleBody x = b.analysis().get(i);
                String f = "analysis[" + i + "]";
                if (x == null) throw new ValidationException(f, "a rule is required here");
                if (x.threshold() == null) throw new ValidationException(f + ".threshold", "threshold is required");
                Bound bound = null;
                if (x.bound() != null) {
                    try {
                        bound = Bound.valueOf(x.bound().strip().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ValidationException(f + ".bound", "bound must be max or min");
                    }
                }
                rules.add(new AnalysisRule(x.name(), x.metric(), bound, x.threshold(), x.relative(), x.slack(), x.minSamples()));
            }
        }
        RolloutSpec spec = new RolloutSpec(strategy, b.candidate() == null ? null : target("candidate", b.candidate()), steps,
                rules, AlertRoutes.duration("interval", b.interval()), AlertRoutes.duration("window", b.window()),
                b.failureLimit(), b.inconclusiveLimit(), b.requireApproval(), b.approvalToPromote(), b.shadowPercent(),
                b.weight(), b.stickyKey(), b.abMetric(), b.alpha(), AlertRoutes.duration("rollbackWindow", b.rollbackWindow()),
                b.reason());
        Rollout started = deployments.startRollout(r.path("name"), spec, r.actor());
        return Reply.created(ROLLOUTS + "/" + started.id(), rollout(started, false));
    }

    private static String comment(ApiRequest r) throws IOException {
        if (!r.isJson()) return null;
        CommentBody b = r.json(CommentBody.class);
        return b == null ? null : b.comment();
    }

    private static Target target(String field, TargetBody t) {
        if (t == null) return null;
        BackendBody b = t.backend();
        Backend backend = b == null ? null
                : new Backend(b.type(), b.url(), AlertRoutes.duration(field + ".backend.timeout", b.timeout()), b.retries(),
                        b.options());
        return new Target(ref(field + ".version", t.version(), null), backend,
                t.model() == null ? null : ref(field + ".model", t.model(), AssetType.MODEL));
    }

    /** {@code models/churn/3} or {@code prompts/greeting/2}. */
    static VersionRef ref(String field, String s, AssetType expected) {
        if (s == null || s.isBlank()) throw new ValidationException(field, field + " is required, like models/churn/3");
        VersionRef ref = VersionRef.parse(s);
        if (ref == null || expected != null && ref.type() != expected) {
            throw new ValidationException(field, field + " must look like " + (expected == AssetType.MODEL ? "models/churn/3"
                    : "models/churn/3 or prompts/greeting/2") + ", not '" + s + "'");
        }
        return ref;
    }

    // ---------------------------------------------------------------- output

    static Map<String, Object> deployment(Deployment raw) {
        Deployment d = raw.masked();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("description", d.description());
        m.put("project", d.project());
        m.put("stable", target(d.stable()));
        m.put("candidate", d.candidate() == null ? null : target(d.candidate()));
        m.put("routing", routing(d.routing()));
        m.put("capture", Map.of("inputs", d.capture().inputs(), "outputs", d.capture().outputs(), "features",
                d.capture().features()));
        m.put("rollout", d.rollout());
        m.put("previous", d.previous() == null ? null : target(d.previous()));
        m.put("previous_warm_until", d.previousWarmUntil());
        m.put("created_by", d.createdBy());
        m.put("created_at", d.createdAt());
        m.put("updated_at", d.updatedAt());
        m.put("revision", d.revision());
        return m;
    }

    static Map<String, Object> target(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", t.version().toString());
        m.put("model", t.model() == null ? null : t.model().toString());
        Backend b = t.backend().masked();
        Map<String, Object> bm = new LinkedHashMap<>();
        bm.put("type", b.type());
        bm.put("url", b.url());
        bm.put("timeout", b.timeout().toString());
        bm.put("retries", b.retries());
        bm.put("options", b.options());
        m.put("backend", bm);
        return m;
    }

    static Map<String, Object> routing(Routing r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", r.strategy() == null ? null : r.strategy().wire());
        m.put("candidate_weight", r.candidateWeight());
        m.put("stable_weight", 100 - r.candidateWeight());
        m.put("shadow_percent", r.shadowPercent());
        m.put("sticky_key", r.stickyKey());
        return m;
    }

    static Map<String, Object> rollout(Rollout r, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("deployment", r.deployment());
        m.put("strategy", r.strategy().wire());
        m.put("state", r.state().wire());
        m.put("step", r.step());
        m.put("steps", r.spec().steps().size());
        m.put("candidate_weight", r.candidateWeight());
        m.put("stable_weight", 100 - r.candidateWeight());
        m.put("stable", target(r.stable()));
        m.put("candidate", target(r.candidate()));
        m.put("step_started_at", r.stepStartedAt());
        m.put("failures", r.failures());
        m.put("inconclusives", r.inconclusives());
        m.put("approval", r.approval());
        m.put("reason", r.reason());
        m.put("created_by", r.createdBy());
        m.put("created_at", r.createdAt());
        m.put("updated_at", r.updatedAt());
        m.put("ended_at", r.endedAt());
        m.put("spec", spec(r.spec()));
        if (full) {
            m.put("analyses", r.analyses().stream().map(DeploymentRoutes::run).toList());
            m.put("history", r.history().stream().map(DeploymentRoutes::event).toList());
            if (r.comparison() != null) m.put("comparison", comparison(r.comparison()));
            if (r.shadow() != null) m.put("shadow", shadow(r.shadow()));
        }
        return m;
    }

    private static Map<String, Object> spec(RolloutSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step st : s.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("weight", st.weight());
            x.put("duration", st.duration() == null ? null : st.duration().toString());
            x.put("analysis", st.analysis());
            steps.add(x);
        }
        m.put("steps", steps);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (AnalysisRule r : s.analysis()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", r.name());
            x.put("metric", r.metric());
            x.put("bound", r.bound().wire());
            x.put("threshold", r.threshold());
            x.put("relative", r.relative());
            x.put("slack", r.slack());
            x.put("min_samples", r.minSamples());
            rules.add(x);
        }
        m.put("analysis", rules);
        m.put("interval", str(s.interval()));
        m.put("window", str(s.window()));
        m.put("failure_limit", s.failureLimit());
        m.put("inconclusive_limit", s.inconclusiveLimit());
        m.put("require_approval", s.requireApproval());
        m.put("approval_to_promote", s.approvalToPromote());
        m.put("shadow_percent", s.shadowPercent());
        m.put("weight", s.weight());
        m.put("sticky_key", s.stickyKey());
        m.put("ab_metric", s.abMetric());
        m.put("alpha", s.alpha());
        m.put("rollback_window", str(s.rollbackWindow()));
        return m;
    }

    private static String str(Duration d) {
        return d == null ? null : d.toString();
    }

    static Map<String, Object> run(AnalysisRun a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("step", a.step());
        m.put("from", a.from());
        m.put("to", a.to());
        m.put("verdict", a.verdict().wire());
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Measurement x : a.measurements()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("rule", x.rule());
            e.put("metric", x.metric());
            e.put("candidate", x.candidate());
            e.put("stable", x.stable());
            e.put("candidate_count", x.candidateCount());
            e.put("stable_count", x.stableCount());
            e.put("limit", x.limit());
            e.put("verdict", x.verdict().wire());
            e.put("reason", x.reason());
            ms.add(e);
        }
        m.put("measurements", ms);
        return m;
    }

    static Map<String, Object> event(RolloutEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at());
        m.put("type", e.type());
        m.put("state", e.state().wire());
        m.put("step", e.step());
        m.put("candidate_weight", e.candidateWeight());
        m.put("actor", e.actor());
        m.put("reason", e.reason());
        m.put("details", e.details());
        return m;
    }

    static Map<String, Object> comparison(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", c.metric());
        m.put("a", c.a());
        m.put("a_count", c.aCount());
        m.put("b", c.b());
        m.put("b_count", c.bCount());
        m.put("difference", c.difference());
        m.put("test", c.test());
        m.put("p_value", c.pValue());
        m.put("alpha", c.alpha());
        m.put("significant", c.significant());
        return m;
    }

    static Map<String, Object> shadow(ShadowReport s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("compared", s.compared());
        m.put("shadow_failures", s.shadowFailures());
        m.put("equal", s.equal());
        m.put("mean_similarity", s.meanSimilarity());
        m.put("stable_latency_p50", s.stableLatencyP50());
        m.put("shadow_latency_p50", s.shadowLatencyP50());
        return m;
    }

    static Map<String, Object> health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployment", h.deployment());
        m.put("score", h.score());
        m.put("at", h.at());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Health.Component c : h.components()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", c.name());
            x.put("value", c.value());
            x.put("limit", c.limit());
            x.put("score", c.score());
            x.put("detail", c.detail());
            cs.add(x);
        }
        m.put("components", cs);
        return m;
    }

    static Map<String, Object> approval(Approval a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("kind", a.kind());
        m.put("subject", a.subject());
        m.put("deployment", a.deployment());
        m.put("state", a.state().wire());
        m.put("requested_by", a.requestedByName());
        m.put("requested_at", a.requestedAt());
        m.put("reason", a.reason());
        // Shown, not only enforced: who may not decide this request.
        m.put("requester_may_decide", false);
        m.put("decided_by", a.decidedByName());
        m.put("decided_at", a.decidedAt());
        m.put("comment", a.comment());
        m.put("evidence", a.evidence());
        return m;
    }
}
