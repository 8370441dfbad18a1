package org.aegisml.deployment.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Match;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.security.Actor;

/**
 * What the policy engine sees of a rollout: at {@code rollout_start} the deployment, the
 * strategy, both versions and the steps; at {@code rollout_step} also the rollout's progress
 * and, per side, the standard metrics over the analysis window ({@code null} where the window
 * has no value: rules should write {@code (candidate.metrics.injection_rate ?? 0) > 0.01}).
 */
final class PolicyContexts {
    /** The metrics every step context carries, measured like analysis rules (with no limit of their own). */
    static final List<AnalysisRule> STEP_METRICS = rules("error_rate", "latency_p50", "latency_p95", "latency_p99",
            "injection_rate", "pii_rate", "policy_violation_rate", "hallucination_mean", "cost_per_request",
            "tokens_per_request");

    private PolicyContexts() {
    }

    private static List<AnalysisRule> rules(String... metrics) {
        List<AnalysisRule> out = new ArrayList<>();
        for (String m : metrics) out.add(new AnalysisRule(m, m, Bound.MAX, Double.MAX_VALUE, false, null, 1));
        return List.copyOf(out);
    }

    /** The decision at rollout start, or null when no policy applies there. */
    static Decision atStart(PolicyEngine engine, Deployment d, Target candidate, RolloutSpec spec, Actor actor) {
        if (engine == null || !engine.applies(DecisionPoint.ROLLOUT_START)) return null;
        Map<String, Object> c = new HashMap<>();
        c.put("deployment", deployment(d.name(), d.project()));
        c.put("strategy", spec.strategy().wire());
        c.put("stable", side(d.stable(), null, null));
        c.put("candidate", side(candidate, null, null));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : spec.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("weight", s.weight());
            m.put("duration_seconds", s.duration() == null ? null : s.duration().toSeconds());
            m.put("analysis", s.analysis());
            steps.add(m);
        }
        c.put("steps", steps);
        c.put("reason", spec.reason());
        return engine.decide(DecisionPoint.ROLLOUT_START, c, actor);
    }

    /** A policy decision as approval evidence shows it: {@link #view} and the approvers it asks for. */
    static Map<String, Object> evidence(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>(view(d));
        m.put("approvers", d.approvers());
        return m;
    }

    static Map<String, Object> stepContext(Rollout r, List<Measurement> measured) {
        Map<String, Object> cand = new HashMap<>();
        Map<String, Object> stable = new HashMap<>();
        Long candCount = null;
        Long stableCount = null;
        for (Measurement m : measured) {
            cand.put(m.metric(), m.candidate());
            stable.put(m.metric(), m.stable());
            if (m.candidateCount() != null) candCount = candCount == null ? m.candidateCount() : Math.max(candCount, m.candidateCount());
            if (m.stableCount() != null) stableCount = stableCount == null ? m.stableCount() : Math.max(stableCount, m.stableCount());
        }
        Map<String, Object> c = new HashMap<>();
        c.put("deployment", deployment(r.deployment(), null));
        Map<String, Object> rollout = new HashMap<>();
        rollout.put("id", r.id());
        rollout.put("strategy", r.strategy().wire());
        rollout.put("step", r.step());
        rollout.put("steps", r.spec().steps().size());
        rollout.put("weight", r.candidateWeight());
        rollout.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
        c.put("rollout", rollout);
        c.put("candidate", side(r.candidate(), cand, candCount));
        c.put("stable", side(r.stable(), stable, stableCount));
        return c;
    }

    private static Map<String, Object> deployment(String name, String project) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("project", project);
        return m;
    }

    private static Map<String, Object> side(Target t, Map<String, Object> metrics, Long count) {
        Map<String, Object> m = new HashMap<>();
        m.put("version", t == null ? null : t.version().toString());
        m.put("model", t == null || t.model() == null ? null : t.model().toString());
        m.put("backend", t == null || t.backend() == null ? null : t.backend().type());
        m.put("metrics", metrics == null ? Map.of() : metrics);
        m.put("count", count);
        return m;
    }

    /** A decision as rollout event details and evidence. */
    static Map<String, Object> view(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_effect", d.effect().wire());
        m.put("policy_matches", d.matches().stream().map(Match::view).toList());
        return m;
    }
}
