package org.aegisml.deployment.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;

/**
 * Checks what callers submit and fills in the defaults, so the controller only ever sees a
 * complete, valid spec. Every message names the field the way the REST API spells it.
 */
final class Specs {
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    static final Pattern STICKY = Pattern.compile("(header|field):[A-Za-z0-9_.-]{1,100}");
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final Duration DEFAULT_ROLLBACK_WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_DURATION = Duration.ofDays(30);
    static final int DEFAULT_INCONCLUSIVE_LIMIT = 3;

    /** The analysis metrics read from monitoring summaries (wire names). */
    static final Set<String> MONITORING_METRICS = Set.of("error_rate", "latency_p50", "latency_p95", "latency_p99",
            "latency_mean", "injection_rate", "pii_rate", "policy_violation_rate", "hallucination_mean", "accuracy",
            "mae", "rmse");
    /** Metrics computed here from two summary values, or from the drift analysis. */
    static final Set<String> DERIVED_METRICS = Set.of("cost_per_request", "tokens_per_request", "drift");

    private Specs() {
    }

    static void name(String name) {
        if (name == null || name.isBlank()) throw new ValidationException("name", "name is required");
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException("name", "name '" + name + "' must be 1-64 lower-case letters, digits, '.', '_' or '-',"
                    + " starting and ending with a letter or digit");
        }
    }

    static void backend(String field, Backend b) {
        backend(field, b, false);
    }

    /** {@code hosted}: served by a model host, where the url (what the gateway would call) is optional. */
    static void backend(String field, Backend b, boolean hosted) {
        if (b == null) throw new ValidationException(field, field + " is required (type and url)");
        if (b.type() == null || b.type().isBlank()) throw new ValidationException(field + ".type", "backend type is required");
        if (b.url() == null || b.url().isBlank()) {
            if (!hosted) throw new ValidationException(field + ".url", "backend url is required");
        } else try {
            java.net.URI u = new java.net.URI(b.url());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new ValidationException(field + ".url", "backend url '" + b.url() + "' must be an http(s) URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ValidationException(field + ".url", "backend url '" + b.url() + "' is not a URL: " + e.getReason());
        }
        if (b.timeout().isNegative() || b.timeout().isZero() || b.timeout().compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ValidationException(field + ".timeout", "timeout must be between 1 ms and 10 minutes");
        }
        if (b.retries() < 0 || b.retries() > 5) throw new ValidationException(field + ".retries", "retries must be 0 to 5");
    }

    /**
     * The spec with every default filled in. {@code knownMetric} says whether a rule's metric
     * is answered (by monitoring or by a registered {@code AnalysisMetric}).
     */
    static RolloutSpec rollout(RolloutSpec s, Predicate<String> knownMetric) {
        if (s == null) throw new ValidationException("body", "a rollout spec is required");
        if (s.strategy() == null) {
            throw new ValidationException("strategy", "strategy is required: canary, shadow, ab or blue-green");
        }
        if (s.candidate() == null || s.candidate().version() == null) {
            throw new ValidationException("candidate", "candidate is required: the version to roll out and its backend");
        }
        Duration interval = positive("interval", s.interval(), DEFAULT_INTERVAL);
        Duration window = positive("window", s.window(), DEFAULT_WINDOW);
        int failureLimit = s.failureLimit() == null ? 0 : s.failureLimit();
        if (failureLimit < 0 || failureLimit > 1000) throw new ValidationException("failureLimit", "failureLimit must be 0 to 1000");
        int inconclusiveLimit = s.inconclusiveLimit() == null ? DEFAULT_INCONCLUSIVE_LIMIT : s.inconclusiveLimit();
        if (inconclusiveLimit < 0 || inconclusiveLimit > 1000) {
            throw new ValidationException("inconclusiveLimit", "inconclusiveLimit must be 0 to 1000");
        }
        List<AnalysisRule> rules = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < s.analysis().size(); i++) {
            AnalysisRule r = s.analysis().get(i);
            String f = "analysis[" + i + "]";
            if (r == null || r.metric() == null || r.metric().isBlank()) throw new ValidationException(f + ".metric", "metric is required");
            String metric = r.metric().strip().toLowerCase(Locale.ROOT);
            if (!knownMetric.test(metric)) {
                throw new ValidationException(f + ".metric", "unknown metric '" + r.metric() + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(MONITORING_METRICS)) + ", "
                        + String.join(", ", new java.util.TreeSet<>(DERIVED_METRICS))
                        + " and those of registered analysis metric services");
            }
            if (!Double.isFinite(r.threshold())) throw new ValidationException(f + ".threshold", "threshold must be a finite number");
            if (r.relative() && r.threshold() <= 0) {
                throw new ValidationException(f + ".threshold", "a relative threshold is a factor of the stable's value and must be above 0");
            }
            if (r.minSamples() < 1) throw new ValidationException(f + ".minSamples", "minSamples must be at least 1");
            if (r.slack() != null && (!Double.isFinite(r.slack()) || r.slack() < 0)) {
                throw new ValidationException(f + ".slack", "slack must be a number of at least 0");
            }
            AnalysisRule n = new AnalysisRule(r.name(), metric, r.bound(), r.threshold(), r.relative(), r.slack(), r.minSamples());
            if (!names.add(n.name())) throw new ValidationException(f + ".name", "two rules are named '" + n.name() + "'");
            rules.add(n);
        }
        List<Step> steps = steps(s, rules.isEmpty());
        Integer shadow = null;
        Integer weight = null;
        String sticky = s.stickyKey();
        String abMetric = null;
        Double alpha = null;
        switch (s.strategy()) {
            case SHADOW, BLUE_GREEN -> {
                shadow = s.shadowPercent() == null ? 100 : s.shadowPercent();
                if (shadow < 1 || shadow > 100) throw new ValidationException("shadowPercent", "shadowPercent must be 1 to 100");
            }
            case AB -> {
                weight = s.weight() == null ? 50 : s.weight();
                if (weight < 1 || weight > 99) {
                    throw new ValidationException("weight", "an A/B candidate weight must be 1 to 99 (the two arms' weights add up to 100)");
                }
                abMetric = s.abMetric() == null ? "error_rate" : s.abMetric().strip().toLowerCase(Locale.ROOT);
                if (!AbTest.supports(abMetric)) {
                    throw new ValidationException("abMetric", "abMetric must be one of " + String.join(", ", AbTest.METRICS));
                }
                alpha = s.alpha() == null ? 0.05 : s.alpha();
                if (!(alpha > 0 && alpha < 0.5)) throw new ValidationException("alpha", "alpha must be above 0 and below 0.5");
            }
            case CANARY -> {
            }
        }
        if (sticky != null && !STICKY.matcher(sticky).matches()) {
            throw new ValidationException("stickyKey", "stickyKey must be header:<Name> or field:<name>");
        }
        if (sticky != null && s.strategy() != Strategy.AB) {
            throw new ValidationException("stickyKey", "stickyKey applies to A/B rollouts only");
        }
        Duration rollbackWindow = s.rollbackWindow() == null ? DEFAULT_ROLLBACK_WINDOW : s.rollbackWindow();
        if (rollbackWindow.isNegative() || rollbackWindow.compareTo(MAX_DURATION) > 0) {
            throw new ValidationException("rollbackWindow", "rollbackWindow must be 0 to 30 days");
        }
        if (s.reason() != null && s.reason().length() > 4000) throw new ValidationException("reason", "reason is too long (4,000 characters at most)");
        return new RolloutSpec(s.strategy(), s.candidate(), steps, rules, interval, window, failureLimit, inconclusiveLimit,
                s.requireApproval() != null && s.requireApproval(), s.approvalToPromote() != null && s.approvalToPromote(),
                shadow, weight, sticky, abMetric, alpha, rollbackWindow, s.reason());
    }

    /**
     * Canary steps must climb to 100; the other strategies run one phase, whose duration the
     * single step may set (default: ten intervals' worth of analysis, at least the window).
     */
    private static List<Step> steps(RolloutSpec s, boolean noRules) {
        List<Step> out = new ArrayList<>();
        if (s.strategy() == Strategy.CANARY) {
            if (s.steps().isEmpty()) {
                throw new ValidationException("steps", "a canary needs steps, e.g. weights 5, 25, 50, 100");
            }
            int previous = 0;
            for (int i = 0; i < s.steps().size(); i++) {
                Step st = s.steps().get(i);
                String f = "steps[" + i + "]";
                if (st == null) throw new ValidationException(f, "a step is required here");
                if (st.weight() < 1 || st.weight() > 100) throw new ValidationException(f + ".weight", "weight must be 1 to 100 (percent)");
                if (st.weight() <= previous) {
                    throw new ValidationException(f + ".weight", "weights must increase from step to step (" + previous + " then "
                            + st.weight() + ")");
                }
                previous = st.weight();
                out.add(step(f, st, noRules));
            }
            if (previous != 100) {
                throw new ValidationException("steps", "the last step must send 100% of traffic to the candidate (it ends at "
                        + previous + "%)");
            }
            return out;
        }
        if (s.steps().size() > 1) {
            throw new ValidationException("steps", s.strategy().wire() + " runs one phase: give at most one step (its duration)");
        }
        if (noRules) {
            throw new ValidationException("analysis", s.strategy().wire() + " decides from analysis: give at least one rule");
        }
        Step only = s.steps().isEmpty() ? null : s.steps().get(0);
        Duration d = only == null || only.duration() == null ? null : only.duration();
        int weight = s.strategy() == Strategy.AB ? (s.weight() == null ? 50 : s.weight()) : 0;
        out.add(new Step(weight, d, true));
        return out;
    }

    private static Step step(String f, Step st, boolean noRules) {
        boolean analysis = st.analysis() == null ? !noRules : st.analysis();
        if (analysis && noRules) throw new ValidationException(f + ".analysis", "analysis is asked for but the rollout has no rules");
        if (st.duration() != null && (st.duration().isNegative() || st.duration().compareTo(MAX_DURATION) > 0)) {
            throw new ValidationException(f + ".duration", "duration must be 0 to 30 days");
        }
        return new Step(st.weight(), st.duration(), analysis);
    }

    private static Duration positive(String field, Duration d, Duration dflt) {
        if (d == null) return dflt;
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw new ValidationException(field, field + " must be between 1 second and 30 days");
        }
        return d;
    }
}
