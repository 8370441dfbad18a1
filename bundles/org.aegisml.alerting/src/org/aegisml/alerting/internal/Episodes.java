package org.aegisml.alerting.internal;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertState;
import org.aegisml.api.alerting.NotificationKind;

/**
 * The rule state machine, free of storage and clocks so that it can be tested alone: given a
 * rule, its open episode (or none) and the metric's value now, what the episode becomes and
 * which notification, if any, is due. The caller runs it under the rule's row lock and stores
 * {@link Decision#next()}.
 */
final class Episodes {
    private Episodes() {
    }

    /**
     * {@code next}: the episode to store (null: nothing changes, nothing is written);
     * {@code kind}: the notification to claim (null: none).
     */
    record Decision(Alert next, NotificationKind kind) {
        static final Decision NOTHING = new Decision(null, null);
    }

    static boolean breached(AlertRule rule, OptionalDouble value) {
        // An undefined metric (no traffic, no labels in the window) is not evidence of a
        // problem: it never fires a rule, and it lets a firing one resolve.
        return value.isPresent() && rule.condition().breached(value.getAsDouble(), rule.threshold());
    }

    static Decision decide(AlertRule rule, Alert open, OptionalDouble value, Instant now, Supplier<String> newId) {
        boolean breached = breached(rule, value);
        Double v = value.isPresent() ? value.getAsDouble() : null;
        if (open == null) {
            if (!breached) return Decision.NOTHING;
            return new Decision(new Alert(newId.get(), rule.id(), rule.name(), rule.severity(), AlertState.FIRING, now, null,
                    v, now, now, 1), NotificationKind.FIRING);
        }
        if (now.isBefore(open.lastEvaluatedAt())) {
            // Someone (another replica, a test with its own clock) already judged this episode
            // at a later instant; an older view must not undo that.
            return Decision.NOTHING;
        }
        if (!breached) {
            return new Decision(new Alert(open.id(), open.ruleId(), open.ruleName(), open.severity(), AlertState.RESOLVED,
                    open.startedAt(), now, v, now, now, open.notifications() + 1), NotificationKind.RESOLVED);
        }
        boolean due = !rule.renotify().isZero() && open.lastNotifiedAt() != null
                && !now.isBefore(open.lastNotifiedAt().plus(rule.renotify()));
        if (due) {
            return new Decision(new Alert(open.id(), open.ruleId(), open.ruleName(), open.severity(), AlertState.FIRING,
                    open.startedAt(), null, v, now, now, open.notifications() + 1), NotificationKind.RENOTIFY);
        }
        return new Decision(new Alert(open.id(), open.ruleId(), open.ruleName(), open.severity(), AlertState.FIRING,
                open.startedAt(), null, v, now, open.lastNotifiedAt(), open.notifications()), null);
    }

    /** The episode closed because its rule was disabled or deleted: no notification goes out. */
    static Alert closedQuietly(Alert open, Instant now) {
        return new Alert(open.id(), open.ruleId(), open.ruleName(), open.severity(), AlertState.RESOLVED, open.startedAt(),
                now, open.lastValue(), now, open.lastNotifiedAt(), open.notifications());
    }
}
