package org.aegisml.alerting.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.EvaluationReport;
import org.aegisml.api.alerting.Notification;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.monitoring.Anomalies;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.store.AlertRepository;
import org.aegisml.api.store.Store;
import org.aegisml.api.store.StoreTx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation pass. It reads each enabled rule's metric, then, only where something may
 * change, decides the transition under the rule's row lock and claims the notification in the
 * same unit of work (episode row and pending delivery rows commit together). Sending happens
 * after the commit, outside any transaction: a unit of work may be retried by the store and
 * must not have effects outside the database, and a replica that evaluates the same rule at
 * the same moment waits on the lock, then sees the claim and sends nothing. The price is
 * at-most-once delivery: a process killed between the commit and the send leaves its
 * deliveries pending.
 */
final class Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    private final Store store;
    private final Monitoring monitoring;
    private final Dispatcher dispatcher;
    private final Function<String, AlertChannel> channels;
    private final Supplier<String> installed;
    private final Object passLock = new Object();

    Evaluator(Store store, Monitoring monitoring, Dispatcher dispatcher, Function<String, AlertChannel> channels,
            Supplier<String> installed) {
        this.store = store;
        this.monitoring = monitoring;
        this.dispatcher = dispatcher;
        this.channels = channels;
        this.installed = installed;
    }

    /** What one rule's transition claimed, to send after the commit. */
    private record Claim(NotificationKind kind, List<Dispatcher.Send> sends) {
    }

    /** One evaluation pass as of {@code now}; passes of one process never overlap. */
    EvaluationReport pass(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        synchronized (passLock) {
            List<AlertRule> rules = store.read(tx -> tx.alerts().rules()).stream().filter(AlertRule::enabled).toList();
            Set<String> open = new HashSet<>();
            for (Alert a : store.read(tx -> tx.alerts().firing())) open.add(a.ruleId());
            int fired = 0, renotified = 0, resolved = 0;
            List<Dispatcher.Send> sends = new ArrayList<>();
            for (AlertRule rule : rules) {
                OptionalDouble value;
                try {
                    AlertScope s = rule.scope();
                    value = rule.condition() == Condition.ANOMALY ? anomalyScore(rule, at)
                            : monitoring.value(s.model(), s.version(), s.endpoint(), s.arm(), rule.metric(),
                                    at.minus(rule.window()), at);
                } catch (RuntimeException e) {
                    // A metric that cannot be read (the model deleted, the database away) says
                    // nothing about the traffic: leave the rule's state as it is this pass.
                    LOG.warn("Alert rule {}: cannot read {} ({}); its state is unchanged this pass", rule.name(),
                            rule.metric().wire(), e.getMessage());
                    continue;
                }
                if (!Episodes.breached(rule, value) && !open.contains(rule.id())) continue; // nothing can change
                Claim c;
                try {
                    c = store.write(tx -> transition(tx, rule, value, at));
                } catch (RuntimeException e) {
                    LOG.warn("Alert rule {}: evaluation failed ({}); retried next pass", rule.name(), e.toString());
                    continue;
                }
                if (c == null) continue;
                switch (c.kind()) {
                    case FIRING -> fired++;
                    case RENOTIFY -> renotified++;
                    case RESOLVED -> resolved++;
                    case TEST -> throw new IllegalStateException();
                }
                sends.addAll(c.sends());
            }
            List<Dispatcher.Outcome> outcomes = dispatcher.send(sends, channels, installed.get());
            if (!outcomes.isEmpty()) {
                store.write(tx -> {
                    for (Dispatcher.Outcome o : outcomes) {
                        tx.alerts().completeDelivery(o.delivery().id(), o.status(), o.error(), at);
                    }
                    return null;
                });
            }
            int failed = (int) outcomes.stream().filter(o -> o.status() == DeliveryStatus.FAILED).count();
            return new EvaluationReport(rules.size(), fired, renotified, resolved, outcomes.size() - failed, failed);
        }
    }

    /**
     * The z-score of the last complete step (of the rule's window) of the metric against the
     * steps before it, 0 when that step is not flagged at the rule's threshold; empty when the
     * step has no value (no events, for a rate).
     */
    private OptionalDouble anomalyScore(AlertRule rule, Instant at) {
        AlertScope s = rule.scope();
        long step = rule.window().toSeconds();
        Instant last = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step) * step - step);
        Anomalies a = monitoring.anomalies(new SeriesQuery(s.model(), s.version(), s.endpoint(), s.arm(), rule.metric(),
                last, last.plusSeconds(step), rule.window()), Condition.ANOMALY_WINDOW, rule.threshold());
        for (Anomalies.Anomaly x : a.anomalies()) {
            if (x.time().equals(last)) return OptionalDouble.of(x.z());
        }
        boolean hasValue = a.series().points().stream().anyMatch(p -> p.time().equals(last));
        return hasValue || rule.metric().counts() ? OptionalDouble.of(0) : OptionalDouble.empty();
    }

    /** Runs under the rule's row lock: decides, stores the episode, claims the deliveries. */
    private Claim transition(StoreTx tx, AlertRule seen, OptionalDouble value, Instant now) {
        AlertRepository repo = tx.alerts();
        AlertRule rule = repo.lockRule(seen.id()).orElse(null);
        // Deleted, disabled or edited since the metric was read: the value may answer another
        // question now. The next pass judges the rule as it is then.
        if (rule == null || !rule.equals(seen)) return null;
        Alert open = repo.lockOpenAlert(rule.id()).orElse(null);
        Episodes.Decision d = Episodes.decide(rule, open, value, now, () -> UUID.randomUUID().toString());
        if (d.next() == null) return null;
        if (open == null) repo.insertAlert(d.next());
        else repo.updateAlert(d.next());
        if (d.kind() == null) return null;
        Notification n = Notifications.of(d.kind(), rule, d.next(), now);
        List<Dispatcher.Send> sends = new ArrayList<>();
        Map<String, Destination> byName = new HashMap<>();
        for (String name : rule.destinations()) {
            Destination dest = byName.computeIfAbsent(name, k -> repo.findDestination(k).orElse(null));
            Delivery pending = new Delivery(UUID.randomUUID().toString(), d.next().id(), name,
                    dest == null ? "unknown" : dest.channel(), d.kind(), now, DeliveryStatus.PENDING, null);
            repo.insertDelivery(pending);
            sends.add(new Dispatcher.Send(pending, n, dest));
        }
        return new Claim(d.kind(), sends);
    }
}
