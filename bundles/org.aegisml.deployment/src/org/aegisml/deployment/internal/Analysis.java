package org.aegisml.deployment.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import org.aegisml.api.deployment.AnalysisMetric;
import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.Monitoring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures analysis rules over the monitoring summaries (never raw events) of the candidate
 * and the stable on one endpoint and window. A metric that cannot be read, too few events, or
 * a relative rule without a stable value is inconclusive, never a failure: only a value seen
 * on the wrong side of its limit fails a candidate.
 */
final class Analysis {
    private static final Logger LOG = LoggerFactory.getLogger(Analysis.class);

    /** Who is compared, where, and over which window. */
    record Scope(String endpoint, Target candidate, Arm candidateArm, Target stable, Arm stableArm, Instant from,
            Instant to) {
    }

    private final Monitoring monitoring;
    private final DriftAnalysis drift;
    private final Supplier<List<AnalysisMetric>> providers;

    Analysis(Monitoring monitoring, DriftAnalysis drift, Supplier<List<AnalysisMetric>> providers) {
        this.monitoring = monitoring;
        this.drift = drift;
        this.providers = providers;
    }

    boolean knows(String metric) {
        if (Specs.MONITORING_METRICS.contains(metric) || Specs.DERIVED_METRICS.contains(metric)) return true;
        return provider(metric) != null;
    }

    List<Measurement> measure(List<AnalysisRule> rules, Scope scope) {
        List<Measurement> out = new ArrayList<>(rules.size());
        for (AnalysisRule r : rules) out.add(measure(r, scope));
        return out;
    }

    Measurement measure(AnalysisRule rule, Scope s) {
        Reading cand;
        Reading stable = null;
        try {
            cand = read(rule.metric(), s.candidate(), s.candidateArm(), s);
            if (rule.relative()) stable = read(rule.metric(), s.stable(), s.stableArm(), s);
        } catch (RuntimeException e) {
            LOG.warn("Analysis metric {} could not be read for {}", rule.metric(), s.endpoint(), e);
            return new Measurement(rule.name(), rule.metric(), null, null, null, null, null, Verdict.INCONCLUSIVE,
                    "the metric could not be read: " + e.getMessage());
        }
        if (!rule.relative() && Specs.MONITORING_METRICS.contains(rule.metric()) || rule.metric().endsWith("_per_request")) {
            // Read the stable too when cheap, so the result shows both sides even for absolute rules.
            try {
                if (stable == null) stable = read(rule.metric(), s.stable(), s.stableArm(), s);
            } catch (RuntimeException e) {
                stable = null;
            }
        }
        Double cv = cand.value();
        Double sv = stable == null ? null : stable.value();
        Long cc = cand.samples();
        Long sc = stable == null ? null : stable.samples();
        if (cc < rule.minSamples()) {
            return new Measurement(rule.name(), rule.metric(), cv, sv, cc, sc, null, Verdict.INCONCLUSIVE,
                    "the candidate had " + cc + " events in the window, fewer than the " + rule.minSamples() + " needed");
        }
        if (cv == null) {
            return new Measurement(rule.name(), rule.metric(), null, sv, cc, sc, null, Verdict.INCONCLUSIVE,
                    "the candidate has no " + rule.metric() + " in the window" + (cand.note() == null ? "" : ": " + cand.note()));
        }
        double limit;
        if (rule.relative()) {
            if (sc == null || sc < rule.minSamples()) {
                return new Measurement(rule.name(), rule.metric(), cv, sv, cc, sc, null, Verdict.INCONCLUSIVE,
                        "the stable had " + (sc == null ? 0 : sc) + " events in the window, fewer than the "
                                + rule.minSamples() + " a relative rule needs");
            }
            if (sv == null) {
                return new Measurement(rule.name(), rule.metric(), cv, null, cc, sc, null, Verdict.INCONCLUSIVE,
                        "the stable has no " + rule.metric() + " in the window to compare with");
            }
            limit = sv == 0 ? (rule.slack() == null ? 0 : rule.slack()) : rule.threshold() * sv;
        } else {
            limit = rule.threshold();
        }
        boolean ok = rule.bound() == Bound.MAX ? cv <= limit : cv >= limit;
        String relation = rule.bound() == Bound.MAX ? (ok ? "<=" : ">") : (ok ? ">=" : "<");
        String what = rule.relative()
                ? (sv == 0 ? "slack " + fmt(limit) + " (stable is 0)" : fmt(rule.threshold()) + " x stable " + fmt(sv) + " = " + fmt(limit))
                : "limit " + fmt(limit);
        return new Measurement(rule.name(), rule.metric(), cv, sv, cc, sc, limit, ok ? Verdict.SUCCESS : Verdict.FAILURE,
                rule.metric() + " " + fmt(cv) + " " + relation + " " + what);
    }

    /** A value (null when undefined), the events behind it, and why it is missing if it is. */
    record Reading(Double value, long samples, String note) {
    }

    Reading read(String metric, Target t, Arm arm, Scope s) {
        String model = t.model().name();
        int version = t.model().version();
        long count = (long) monitoring.value(model, version, s.endpoint(), arm, Metric.COUNT, s.from(), s.to()).orElse(0);
        switch (metric) {
            case "cost_per_request", "tokens_per_request" -> {
                Metric m = metric.startsWith("cost") ? Metric.COST : Metric.TOKENS;
                OptionalDouble total = monitoring.value(model, version, s.endpoint(), arm, m, s.from(), s.to());
                return new Reading(count == 0 || total.isEmpty() ? null : total.getAsDouble() / count, count, null);
            }
            case "drift" -> {
                DriftReport r = drift.drift(new DriftQuery(model, version, s.endpoint(), arm, s.from(), s.to()));
                return new Reading(maxPsi(r), count, r.baseline() == null ? "no baseline for " + model + " v" + version : null);
            }
            default -> {
                Metric m = Metric.parse(metric);
                if (m != null) {
                    OptionalDouble v = monitoring.value(model, version, s.endpoint(), arm, m, s.from(), s.to());
                    if (m == Metric.ACCURACY || m == Metric.MAE || m == Metric.RMSE) {
                        // Quality rests on labelled events only.
                        long labelled = (long) monitoring.value(model, version, s.endpoint(), arm, Metric.LABELLED, s.from(),
                                s.to()).orElse(0);
                        return new Reading(v.isPresent() ? v.getAsDouble() : null, labelled, v.isPresent() ? null : "no labels yet");
                    }
                    return new Reading(v.isPresent() ? v.getAsDouble() : null, count, null);
                }
                AnalysisMetric p = provider(metric);
                if (p == null) return new Reading(null, 0, "no service answers the metric '" + metric + "' any more");
                AnalysisMetric.Value v = p.measure(metric, t, s.endpoint(), s.from(), s.to());
                return new Reading(v.value().isPresent() ? v.value().getAsDouble() : null, v.samples(), null);
            }
        }
    }

    /** The largest PSI of any input feature: the drift figure a rule holds to a limit. */
    private static Double maxPsi(DriftReport r) {
        if (r.baseline() == null) return null;
        Double max = null;
        for (DriftReport.FeatureDrift f : r.features()) {
            if (f.output()) continue;
            for (DriftReport.MethodResult m : f.methods()) {
                if (m.method().equals("psi") && Double.isFinite(m.score())) {
                    max = max == null ? m.score() : Math.max(max, m.score());
                }
            }
        }
        return max;
    }

    private AnalysisMetric provider(String metric) {
        for (AnalysisMetric p : providers.get()) {
            try {
                if (p.metrics().contains(metric)) return p;
            } catch (RuntimeException e) {
                LOG.warn("Analysis metric service {} failed to list its metrics", p.getClass().getName(), e);
            }
        }
        return null;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
