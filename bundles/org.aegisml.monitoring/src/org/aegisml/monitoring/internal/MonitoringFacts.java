package org.aegisml.monitoring.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.PolicyContextProvider;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code monitoring} variable of policies at {@code promotion} (for the model version being
 * moved) and {@code rollout_start} (for the candidate): what its live traffic did over the last
 * {@link #WINDOW}, read from the summaries (never raw events), so that a rule can say "no
 * production with more than 2 % errors" or "not while its inputs drift":
 * <ul>
 * <li>{@code window_hours}, {@code count}, {@code errors}, {@code cost}, {@code tokens},
 * {@code labelled};</li>
 * <li>{@code error_rate}, {@code latency_p50|p95|p99} (ms), {@code accuracy}, {@code mae},
 * {@code rmse}, {@code injection_rate}, {@code pii_rate}, {@code policy_violation_rate},
 * {@code hallucination_mean}: null when there is nothing to compute them from (no traffic, no
 * labels, no LLM calls), so a rule reading one says what it wants then, e.g.
 * {@code monitoring.count == 0 || monitoring.error_rate < 0.02};</li>
 * <li>{@code drift.status} ({@code ok}, {@code warn}, {@code alert}, {@code unknown}; null without
 * a baseline), {@code drift.alerts} and {@code drift.warnings} (feature counts) and
 * {@code drift.features} (the names of those in alert).</li>
 * </ul>
 * Prompt and dataset versions have no traffic of their own: the variable is left undefined for
 * them (a rule reading it fails and is reported, at promotion it fails closed).
 */
@Component(service = PolicyContextProvider.class)
public final class MonitoringFacts implements PolicyContextProvider {
    static final Duration WINDOW = Duration.ofHours(24);

    private final MonitoringService monitoring;
    private final DriftAnalysis drift;

    @Activate
    public MonitoringFacts(@Reference MonitoringService monitoring, @Reference DriftAnalysis drift) {
        this.monitoring = monitoring;
        this.drift = drift;
    }

    @Override
    public String variable() {
        return "monitoring";
    }

    @Override
    public Set<DecisionPoint> points() {
        return Set.of(DecisionPoint.PROMOTION, DecisionPoint.ROLLOUT_START);
    }

    @Override
    public Object provide(DecisionPoint point, Map<String, Object> context) {
        String ref = PolicyContextProvider.subjectVersion(point, context);
        VersionRef v = VersionRef.parse(ref);
        if (v == null || v.type() != AssetType.MODEL) return null;
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        return facts(v.name(), v.version(), to.minus(WINDOW), to);
    }

    Map<String, Object> facts(String model, int version, Instant from, Instant to) {
        Map<String, Object> out = new HashMap<>();
        out.put("window_hours", WINDOW.toHours());
        VersionSummary s;
        try {
            s = monitoring.summary(model, version, null, null, from, to);
        } catch (NotFoundException e) {
            s = null;
        }
        long count = s == null ? 0 : s.count();
        out.put("count", count);
        out.put("errors", s == null ? 0 : s.errors());
        out.put("error_rate", count == 0 ? null : s.errors() / (double) count);
        boolean timed = s != null && s.latency() != null && s.latency().count() > 0;
        out.put("latency_p50", timed ? s.latency().p50() : null);
        out.put("latency_p95", timed ? s.latency().p95() : null);
        out.put("latency_p99", timed ? s.latency().p99() : null);
        out.put("cost", s == null ? 0.0 : s.cost());
        out.put("tokens", s == null || s.tokens() == null ? 0 : s.tokens().input() + s.tokens().output());
        VersionSummary.Quality q = s == null ? null : s.quality();
        out.put("labelled", q == null ? 0 : q.labelled());
        out.put("accuracy", q == null ? null : q.accuracy());
        out.put("mae", q == null ? null : q.mae());
        out.put("rmse", q == null ? null : q.rmse());
        VersionSummary.Signals sig = s == null ? null : s.signals();
        long llm = sig == null ? 0 : sig.llmEvents();
        out.put("injection_rate", llm == 0 ? null : sig.injections() / (double) llm);
        out.put("pii_rate", llm == 0 ? null : sig.pii() / (double) llm);
        out.put("policy_violation_rate", llm == 0 ? null : sig.policyViolations() / (double) llm);
        out.put("hallucination_mean", llm == 0 ? null : sig.hallucinationMean());
        out.put("drift", drift(model, version, from, to));
        return out;
    }

    private Map<String, Object> drift(String model, int version, Instant from, Instant to) {
        Map<String, Object> d = new HashMap<>();
        DriftReport r = null;
        try {
            if (drift.baseline(model, version).isPresent()) r = drift.drift(new DriftQuery(model, version, null, null, from, to));
        } catch (NotFoundException e) {
            r = null;
        }
        d.put("status", r == null ? null : r.status().name().toLowerCase(Locale.ROOT));
        List<String> alerts = new ArrayList<>();
        int warnings = 0;
        if (r != null) {
            for (DriftReport.FeatureDrift f : r.features()) {
                if (f.status() == DriftStatus.ALERT) alerts.add(f.feature());
                else if (f.status() == DriftStatus.WARN) warnings++;
            }
        }
        d.put("alerts", alerts.size());
        d.put("warnings", warnings);
        d.put("features", alerts);
        return d;
    }

}
