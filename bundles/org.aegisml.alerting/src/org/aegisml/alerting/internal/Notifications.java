package org.aegisml.alerting.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Notification;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Metric;

/** Builds what channels receive: the same title and message whatever the channel. */
final class Notifications {
    private Notifications() {
    }

    static Notification of(NotificationKind kind, AlertRule rule, Alert episode, Instant now) {
        String scope = rule.scope().describe();
        String value = format(episode.lastValue());
        String verb = switch (kind) {
            case FIRING -> "FIRING";
            case RENOTIFY -> "STILL FIRING";
            case RESOLVED -> "RESOLVED";
            case TEST -> "TEST";
        };
        String title = "[" + rule.severity().wire().toUpperCase(Locale.ROOT) + "] " + verb + ": " + rule.name() + " (" + scope
                + ")";
        String condition = rule.metric().wire() + " " + rule.condition().symbol() + " " + format(rule.threshold())
                + " over the last " + human(rule.window());
        String message = switch (kind) {
            case FIRING -> "Rule " + rule.name() + " fired for " + scope + ": " + rule.metric().wire() + " is " + value
                    + ", breaking " + condition + ".";
            case RENOTIFY -> "Rule " + rule.name() + " is still firing for " + scope + " since " + episode.startedAt() + " ("
                    + human(Duration.between(episode.startedAt(), now)) + "): " + rule.metric().wire() + " is " + value
                    + ", breaking " + condition + ".";
            case RESOLVED -> "Rule " + rule.name() + " resolved for " + scope + " after "
                    + human(Duration.between(episode.startedAt(), now)) + ": " + rule.metric().wire() + " is " + value
                    + ", no longer breaking " + condition + ".";
            case TEST -> throw new IllegalArgumentException("test notifications have no rule");
        };
        return new Notification(kind, episode.id(), rule.id(), rule.name(), rule.severity(), rule.scope(), rule.metric(),
                rule.condition(), rule.threshold(), episode.lastValue(), rule.window(), episode.startedAt(),
                kind == NotificationKind.RESOLVED ? episode.resolvedAt() : null, now, title, message);
    }

    static Notification test(String destination, String actor, Instant now) {
        return new Notification(NotificationKind.TEST, null, null, "test", Severity.INFO,
                new AlertScope("test", null, null, null), Metric.COUNT, Condition.GT, 0, null, Duration.ofMinutes(5), now,
                null, now, "[INFO] TEST: AegisML alert destination " + destination,
                "This is a test notification for the AegisML alert destination " + destination + ", sent by " + actor
                        + ". If you can read it, the destination works.");
    }

    static String format(Double v) {
        if (v == null) return "undefined (no data in the window)";
        return format(v.doubleValue());
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }

    /** {@code 5m}, {@code 1h 30m}, {@code 45s}. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s == 0) return "0s";
        StringBuilder b = new StringBuilder();
        long days = s / 86400, hours = s % 86400 / 3600, minutes = s % 3600 / 60, seconds = s % 60;
        if (days > 0) b.append(days).append("d ");
        if (hours > 0) b.append(hours).append("h ");
        if (minutes > 0) b.append(minutes).append("m ");
        if (seconds > 0) b.append(seconds).append("s ");
        return b.toString().strip();
    }
}
