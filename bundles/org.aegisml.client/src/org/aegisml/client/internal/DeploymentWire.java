package org.aegisml.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Comparison;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.ShadowReport;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Deployments, rollouts and approvals as the server's {@code DeploymentRoutes} write and read
 * them: versions as {@code models/churn/3}, durations ISO-8601, strategies by wire name
 * ({@code blue-green}). Backends come back with their secret options masked ({@code ****}),
 * as the server shows them to everyone.
 */
final class DeploymentWire {
    private DeploymentWire() {
    }

    // ---------------------------------------------------------------- read

    static Deployment deployment(JsonNode n) {
        JsonNode r = n.path("routing");
        Routing routing = new Routing(Strategy.parse(Wire.text(r, "strategy")), r.path("candidate_weight").asInt(),
                r.path("shadow_percent").asInt(), Wire.text(r, "sticky_key"));
        JsonNode c = n.path("capture");
        Capture capture = new Capture(Wire.bool(c, "inputs"), Wire.bool(c, "outputs"), Wire.bool(c, "features"));
        return new Deployment(Wire.text(n, "name"), Wire.text(n, "description"), Wire.text(n, "project"),
                target(n.get("stable")), target(n.get("candidate")), routing, capture, Wire.text(n, "rollout"),
                target(n.get("previous")), Wire.instant(n, "previous_warm_until"), Wire.text(n, "created_by"),
                Wire.instant(n, "created_at"), Wire.instant(n, "updated_at"), n.path("revision").asLong());
    }

    static Target target(JsonNode n) {
        if (n == null || n.isNull()) return null;
        JsonNode b = n.get("backend");
        Backend backend = b == null || b.isNull() ? null
                : new Backend(Wire.text(b, "type"), Wire.text(b, "url"), Wire.duration(b, "timeout"), Wire.integer(b, "retries"),
                        Wire.read(b.get("options"), new TypeReference<Map<String, String>>() {
                        }));
        return new Target(Wire.ref(Wire.text(n, "version")), backend, Wire.ref(Wire.text(n, "model")));
    }

    /**
     * A rollout; {@code analyses}, {@code history}, {@code comparison} and {@code shadow} only
     * where the server sends them (one rollout read by id). The spec's strategy and candidate are
     * the rollout's own; its reason is not on the wire, so it is taken from the {@code created}
     * event of the timeline when there is one, else null.
     */
    static Rollout rollout(JsonNode n) {
        String id = Wire.text(n, "id");
        List<AnalysisRun> analyses = new ArrayList<>();
        for (JsonNode a : n.path("analyses")) {
            analyses.add(new AnalysisRun(Wire.text(a, "id"), id, a.path("step").asInt(), Wire.instant(a, "from"),
                    Wire.instant(a, "to"), verdict(Wire.text(a, "verdict")),
                    Wire.read(a.get("measurements"), new TypeReference<List<Measurement>>() {
                    })));
        }
        List<RolloutEvent> history = Wire.read(n.get("history"), new TypeReference<List<RolloutEvent>>() {
        });
        String created = null;
        for (RolloutEvent e : history == null ? List.<RolloutEvent>of() : history) {
            if (e.type().equals("created")) created = e.reason();
        }
        Strategy strategy = Strategy.parse(Wire.text(n, "strategy"));
        Target candidate = target(n.get("candidate"));
        return new Rollout(id, Wire.text(n, "deployment"), strategy, target(n.get("stable")), candidate,
                spec(n.path("spec"), strategy, candidate, created), RolloutState.parse(Wire.text(n, "state")),
                n.path("step").asInt(), n.path("candidate_weight").asInt(), Wire.instant(n, "step_started_at"),
                n.path("failures").asInt(), n.path("inconclusives").asInt(), Wire.text(n, "approval"),
                Wire.text(n, "created_by"), Wire.instant(n, "created_at"), Wire.instant(n, "updated_at"),
                Wire.instant(n, "ended_at"), Wire.text(n, "reason"), analyses, history,
                Wire.read(n.get("comparison"), Comparison.class), Wire.read(n.get("shadow"), ShadowReport.class));
    }

    private static RolloutSpec spec(JsonNode s, Strategy strategy, Target candidate, String reason) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode x : s.path("steps")) {
            steps.add(new Step(x.path("weight").asInt(), Wire.duration(x, "duration"), Wire.bool(x, "analysis")));
        }
        List<AnalysisRule> rules = new ArrayList<>();
        for (JsonNode x : s.path("analysis")) {
            String bound = Wire.text(x, "bound");
            rules.add(new AnalysisRule(Wire.text(x, "name"), Wire.text(x, "metric"),
                    bound == null ? null : Bound.valueOf(bound.toUpperCase(java.util.Locale.ROOT)),
                    x.path("threshold").asDouble(), Wire.bool(x, "relative"), Wire.number(x, "slack"),
                    Wire.integer(x, "min_samples")));
        }
        return new RolloutSpec(strategy, candidate, steps, rules, Wire.duration(s, "interval"), Wire.duration(s, "window"),
                Wire.integer(s, "failure_limit"), Wire.integer(s, "inconclusive_limit"), Wire.bool(s, "require_approval"),
                Wire.bool(s, "approval_to_promote"), Wire.integer(s, "shadow_percent"), Wire.integer(s, "weight"),
                Wire.text(s, "sticky_key"), Wire.text(s, "ab_metric"), Wire.number(s, "alpha"),
                Wire.duration(s, "rollback_window"), reason);
    }

    private static Verdict verdict(String s) {
        return s == null ? null : Verdict.valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * An approval request. The wire names the requester and the decider by name only, so
     * {@code requestedBy} and {@code decidedBy} (their key ids) are null.
     */
    static Approval approval(JsonNode n) {
        return new Approval(Wire.text(n, "id"), Wire.text(n, "kind"), Wire.text(n, "subject"), Wire.text(n, "deployment"),
                ApprovalState.parse(Wire.text(n, "state")), null, Wire.text(n, "requested_by"),
                Wire.instant(n, "requested_at"), Wire.text(n, "reason"), null, Wire.text(n, "decided_by"),
                Wire.instant(n, "decided_at"), Wire.text(n, "comment"), Wire.map(n.get("evidence")));
    }

    // ---------------------------------------------------------------- write

    static ObjectNode target(Target t) {
        if (t == null) return null;
        ObjectNode n = Wire.object();
        n.put("version", t.version() == null ? null : t.version().toString());
        if (t.model() != null) n.put("model", t.model().toString());
        Backend b = t.backend();
        if (b != null) {
            ObjectNode bn = n.putObject("backend");
            bn.put("type", b.type());
            bn.put("url", b.url());
            bn.put("timeout", Wire.duration(b.timeout()));
            bn.put("retries", b.retries());
            bn.set("options", Wire.tree(b.options()));
        }
        return n;
    }

    static ObjectNode rolloutBody(RolloutSpec s) {
        ObjectNode n = Wire.object();
        if (s.strategy() != null) n.put("strategy", s.strategy().wire());
        n.set("candidate", target(s.candidate()));
        ArrayNode steps = n.putArray("steps");
        for (Step st : s.steps()) {
            ObjectNode x = steps.addObject();
            x.put("weight", st.weight());
            x.put("duration", Wire.duration(st.duration()));
            x.put("analysis", st.analysis());
        }
        ArrayNode rules = n.putArray("analysis");
        for (AnalysisRule r : s.analysis()) {
            ObjectNode x = rules.addObject();
            x.put("name", r.name());
            x.put("metric", r.metric());
            x.put("bound", r.bound().wire());
            x.put("threshold", r.threshold());
            x.put("relative", r.relative());
            x.put("slack", r.slack());
            x.put("min_samples", r.minSamples());
        }
        n.put("interval", Wire.duration(s.interval()));
        n.put("window", Wire.duration(s.window()));
        n.put("failure_limit", s.failureLimit());
        n.put("inconclusive_limit", s.inconclusiveLimit());
        n.put("require_approval", s.requireApproval());
        n.put("approval_to_promote", s.approvalToPromote());
        n.put("shadow_percent", s.shadowPercent());
        n.put("weight", s.weight());
        n.put("sticky_key", s.stickyKey());
        n.put("ab_metric", s.abMetric());
        n.put("alpha", s.alpha());
        n.put("rollback_window", Wire.duration(s.rollbackWindow()));
        n.put("reason", s.reason());
        return n;
    }
}
