package org.aegisml.alerting.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.monitoring.Metric;

/** Input rules of rules and destinations that need nothing but the input itself. */
final class Validation {
    /** The registry's name rule, so a rule or destination name is as safe in a URL path as a model name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final Duration MIN_RENOTIFY = Duration.ofMinutes(1);
    static final Duration MAX_RENOTIFY = Duration.ofDays(30);
    static final int MAX_DESTINATIONS = 20;
    static final int MAX_SETTINGS = 50;

    private Validation() {
    }

    static String name(String field, String value) {
        if (value == null || value.isBlank()) throw new ValidationException(field, field + " is required");
        if (!NAME.matcher(value).matches()) {
            throw new ValidationException(field, field + " must be 1-200 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return value;
    }

    /** Checks everything but the references (model, destinations), which need the store. */
    static void rule(RuleSpec s) {
        if (s == null) throw new ValidationException(null, "a rule is required");
        name("name", s.name());
        if (s.metric() == null) {
            throw new ValidationException("metric", "metric is required: one of "
                    + String.join(", ", Arrays.stream(Metric.values()).map(Metric::wire).toList()));
        }
        if (s.condition() == null) throw new ValidationException("condition", "condition is required: gt, gte, lt, lte or anomaly");
        if (s.threshold() == null) throw new ValidationException("threshold", "threshold is required");
        if (!Double.isFinite(s.threshold())) throw new ValidationException("threshold", "threshold must be a finite number");
        if (s.window() == null) throw new ValidationException("window", "window is required, e.g. 5m");
        if (s.window().compareTo(MIN_WINDOW) < 0 || s.window().compareTo(MAX_WINDOW) > 0) {
            throw new ValidationException("window", "window must be between 1 minute and 31 days");
        }
        if (s.window().toNanosPart() != 0) throw new ValidationException("window", "window must be whole seconds");
        if (s.metric() == Metric.INFRASTRUCTURE_COST && s.window().toSeconds() % 86_400 != 0) {
            throw new ValidationException("window", "infrastructure_cost is billed per UTC day: the window must be whole days, e.g. 1d");
        }
        if (s.condition() == org.aegisml.api.alerting.Condition.ANOMALY) {
            // The window is the series' step, which the summaries only have in whole minutes.
            if (s.window().toSeconds() % 60 != 0) {
                throw new ValidationException("window", "an anomaly rule's window is a step of whole minutes");
            }
            if (!(s.threshold() > 0)) throw new ValidationException("threshold", "an anomaly threshold is a |z| above 0, e.g. 3.5");
        }
        Duration renotify = renotify(s);
        if (renotify.isNegative()) throw new ValidationException("renotify", "renotify must not be negative");
        if (!renotify.isZero() && (renotify.compareTo(MIN_RENOTIFY) < 0 || renotify.compareTo(MAX_RENOTIFY) > 0)) {
            throw new ValidationException("renotify", "renotify must be 0 (never) or between 1 minute and 30 days");
        }
        if (renotify.toNanosPart() != 0) throw new ValidationException("renotify", "renotify must be whole seconds");
        scope(s.scope());
        List<String> dests = destinations(s);
        if (dests.size() > MAX_DESTINATIONS) {
            throw new ValidationException("destinations", "a rule may notify at most " + MAX_DESTINATIONS + " destinations");
        }
        Set<String> seen = new HashSet<>();
        for (String d : dests) {
            if (d == null || d.isBlank()) throw new ValidationException("destinations", "destination names must not be empty");
            if (!seen.add(d)) throw new ValidationException("destinations", "destination '" + d + "' is listed twice");
        }
    }

    static void scope(AlertScope scope) {
        if (scope == null || scope.model() == null || scope.model().isBlank()) {
            throw new ValidationException("scope.model", "scope.model is required: the model the rule watches");
        }
        if (scope.version() != null && scope.version() < 1) {
            throw new ValidationException("scope.version", "scope.version must be a positive integer");
        }
        if (scope.endpoint() != null && (scope.endpoint().isBlank() || scope.endpoint().length() > 200
                || scope.endpoint().chars().anyMatch(Character::isISOControl))) {
            // It ends up in mail subjects and chat messages: no line breaks or other controls.
            throw new ValidationException("scope.endpoint", "scope.endpoint must be 1-200 characters without control characters");
        }
    }

    static Duration renotify(RuleSpec s) {
        return s.renotify() == null ? Duration.ZERO : s.renotify();
    }

    static List<String> destinations(RuleSpec s) {
        return s.destinations() == null ? List.of() : new ArrayList<>(s.destinations());
    }

    static void settings(Map<String, String> settings) {
        if (settings.size() > MAX_SETTINGS) throw new ValidationException("settings", "at most " + MAX_SETTINGS + " settings");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getKey().length() > 100) {
                throw new ValidationException("settings", "setting names must be 1-100 characters");
            }
            if (e.getValue() == null) throw new ValidationException("settings." + e.getKey(), "settings." + e.getKey() + " needs a value");
            if (e.getValue().length() > 4000) {
                throw new ValidationException("settings." + e.getKey(), "settings." + e.getKey() + " is longer than 4000 characters");
            }
        }
    }
}
