package org.aegisml.alerting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import org.aegisml.alerting.internal.Episodes.Decision;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.AlertState;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Metric;
import org.junit.jupiter.api.Test;

/** The rule state machine alone, on a clock the test moves by hand. */
class EpisodesTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static AlertRule rule(Condition c, double threshold, Duration renotify) {
        return new AlertRule("r1", "errors", Metric.ERROR_RATE, c, threshold, Duration.ofMinutes(5), Severity.CRITICAL,
                new AlertScope("churn", null, null, null), renotify, List.of("ops"), true, "olga", T0, "olga", T0);
    }

    static OptionalDouble v(double x) {
        return OptionalDouble.of(x);
    }

    /** Runs one evaluation and returns what it decided, carrying the stored episode forward like the service. */
    static final class Clock {
        final AlertRule rule;
        Alert open;
        Alert last;
        int ids;

        Clock(AlertRule rule) {
            this.rule = rule;
        }

        NotificationKind at(int minutes, OptionalDouble value) {
            Decision d = Episodes.decide(rule, open, value, T0.plus(Duration.ofMinutes(minutes)), () -> "a" + (++ids));
            if (d.next() != null) {
                last = d.next();
                open = d.next().state() == AlertState.FIRING ? d.next() : null;
            }
            return d.kind();
        }
    }

    @Test
    void firesOnceReNotifiesAfterItsIntervalAndResolves() {
        Clock c = new Clock(rule(Condition.GT, 0.2, Duration.ofMinutes(10)));
        assertNull(c.at(0, v(0.1)), "below the threshold: nothing");
        assertNull(c.open);
        assertEquals(NotificationKind.FIRING, c.at(1, v(0.5)));
        assertEquals("a1", c.open.id());
        assertEquals(T0.plus(Duration.ofMinutes(1)), c.open.startedAt());
        assertNull(c.at(2, v(0.6)), "still firing: deduplicated");
        assertNull(c.at(10, v(0.6)), "nine minutes after the notification: not yet");
        assertEquals(0.6, c.open.lastValue());
        assertEquals(NotificationKind.RENOTIFY, c.at(11, v(0.7)), "ten minutes after the last notification");
        assertNull(c.at(12, v(0.7)));
        assertNull(c.at(20, v(0.7)));
        assertEquals(NotificationKind.RENOTIFY, c.at(21, v(0.7)), "the interval counts from the re-notification");
        assertEquals(NotificationKind.RESOLVED, c.at(22, v(0.0)));
        assertNull(c.open);
        assertEquals(AlertState.RESOLVED, c.last.state());
        assertEquals(T0.plus(Duration.ofMinutes(22)), c.last.resolvedAt());
        assertEquals(4, c.last.notifications(), "fired, two re-notifications, resolved");
        assertEquals(T0.plus(Duration.ofMinutes(1)), c.last.startedAt());
        assertNull(c.at(23, v(0.0)), "resolved stays quiet");
        assertEquals(NotificationKind.FIRING, c.at(24, v(0.9)), "a new breach is a new episode");
        assertEquals("a2", c.open.id());
    }

    @Test
    void zeroReNotifyMeansOnlyOnce() {
        Clock c = new Clock(rule(Condition.GT, 0.2, Duration.ZERO));
        assertEquals(NotificationKind.FIRING, c.at(0, v(1)));
        for (int m = 1; m < 600; m += 7) assertNull(c.at(m, v(1)));
        assertEquals(1, c.open.notifications());
    }

    @Test
    void anUndefinedValueNeverFiresAndResolvesAFiringRule() {
        Clock c = new Clock(rule(Condition.LT, 0.9, Duration.ZERO));
        assertNull(c.at(0, OptionalDouble.empty()), "no traffic is not below 0.9 accuracy");
        assertEquals(NotificationKind.FIRING, c.at(1, v(0.5)));
        assertEquals(NotificationKind.RESOLVED, c.at(2, OptionalDouble.empty()));
        assertNull(c.last.lastValue());
    }

    @Test
    void conditionsCompareAsNamed() {
        assertEquals(NotificationKind.FIRING, new Clock(rule(Condition.GTE, 0.2, Duration.ZERO)).at(0, v(0.2)));
        assertNull(new Clock(rule(Condition.GT, 0.2, Duration.ZERO)).at(0, v(0.2)));
        assertEquals(NotificationKind.FIRING, new Clock(rule(Condition.LTE, 0.2, Duration.ZERO)).at(0, v(0.2)));
        assertNull(new Clock(rule(Condition.LT, 0.2, Duration.ZERO)).at(0, v(0.2)));
        assertEquals(NotificationKind.FIRING, new Clock(rule(Condition.LT, 0.2, Duration.ZERO)).at(0, v(-1)));
    }

    @Test
    void anOlderEvaluationNeverUndoesANewerOne() {
        Clock c = new Clock(rule(Condition.GT, 0.2, Duration.ofMinutes(1)));
        c.at(10, v(1));
        Alert before = c.open;
        Decision d = Episodes.decide(c.rule, c.open, v(0), T0.plus(Duration.ofMinutes(5)), () -> "x");
        assertSame(Decision.NOTHING, d, "a replica with an older instant must not resolve it");
        assertSame(before, c.open);
    }

    @Test
    void closingQuietlyKeepsTheCount() {
        Clock c = new Clock(rule(Condition.GT, 0.2, Duration.ZERO));
        c.at(0, v(1));
        Alert closed = Episodes.closedQuietly(c.open, T0.plusSeconds(90));
        assertEquals(AlertState.RESOLVED, closed.state());
        assertEquals(1, closed.notifications());
        assertEquals(T0.plusSeconds(90), closed.resolvedAt());
    }
}
