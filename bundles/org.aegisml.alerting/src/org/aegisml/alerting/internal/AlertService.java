package org.aegisml.alerting.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.Page;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.EvaluationReport;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.AlertRepository;
import org.aegisml.api.store.Store;
import org.aegisml.api.store.StoreTx;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The alerting service: rules and destinations (validated, audited, secrets masked), the
 * history, test sends, the channel whiteboard and the schedule of evaluation passes, which
 * {@link Evaluator} runs.
 */
@Component(service = Alerts.class, configurationPid = "org.aegisml.alerting", immediate = true)
public final class AlertService implements Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    /** Configuration PID {@code org.aegisml.alerting}. */
    public @interface Config {
        /** Seconds between evaluation passes; 0 turns scheduled evaluation off (a replica that only serves reads). */
        int evaluationIntervalSeconds() default 15;

        /** How long one pass waits for its channels before recording the stragglers as failed. */
        int channelTimeoutSeconds() default 10;
    }

    private final Store store;
    private final Registry registry;
    private final Dispatcher dispatcher;
    private final Evaluator evaluator;
    private final ScheduledExecutorService scheduler;
    private final List<AlertChannel> channels = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = JsonMapper.builder().build();

    @Activate
    public AlertService(@Reference Store store, @Reference Monitoring monitoring, @Reference Registry registry,
            Config config) {
        this.store = store;
        this.registry = registry;
        // A bad setting must not keep the component (and the server that needs it) from
        // starting: it is corrected and said so.
        int timeout = config.channelTimeoutSeconds();
        if (timeout < 1) {
            LOG.warn("channelTimeoutSeconds {} is below 1; using 1", timeout);
            timeout = 1;
        }
        this.dispatcher = new Dispatcher(Duration.ofSeconds(timeout));
        this.evaluator = new Evaluator(store, monitoring, dispatcher, this::channel, this::installed);
        int every = config.evaluationIntervalSeconds();
        if (every > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("aegisml-alerts").factory());
            scheduler.scheduleWithFixedDelay(this::scheduledPass, every, every, TimeUnit.SECONDS);
        } else {
            scheduler = null;
            LOG.info("Scheduled alert evaluation is off (evaluationIntervalSeconds = {})", every);
        }
    }

    @Deactivate
    void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        dispatcher.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChannel(AlertChannel c) {
        channels.add(c);
    }

    void removeChannel(AlertChannel c) {
        channels.remove(c);
    }

    private AlertChannel channel(String type) {
        for (AlertChannel c : channels) {
            if (c.type().equals(type)) return c;
        }
        return null;
    }

    private String installed() {
        Set<String> types = new TreeSet<>();
        for (AlertChannel c : channels) types.add(c.type());
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    // ---------------------------------------------------------------- rules

    @Override
    public AlertRule createRule(RuleSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        checkRule(spec);
        Instant now = now();
        AlertRule rule = toRule(UUID.randomUUID().toString(), spec, actor.name(), now, actor.name(), now);
        return store.write(tx -> {
            AlertRepository repo = tx.alerts();
            checkReferences(repo, rule);
            if (repo.findRuleByName(rule.name()).isPresent()) {
                throw new ConflictException("name", "a rule named '" + rule.name() + "' exists");
            }
            repo.insertRule(rule);
            audit(tx, actor, "alert.rule.create", rule.id(), null, view(rule));
            return rule;
        });
    }

    @Override
    public AlertRule updateRule(String id, RuleSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        checkRule(spec);
        Instant now = now();
        return store.write(tx -> {
            AlertRepository repo = tx.alerts();
            AlertRule before = repo.lockRule(id).orElseThrow(() -> ruleNotFound(id));
            AlertRule rule = toRule(id, spec, before.createdBy(), before.createdAt(), actor.name(), now);
            checkReferences(repo, rule);
            if (repo.findRuleByName(rule.name()).filter(r -> !r.id().equals(id)).isPresent()) {
                throw new ConflictException("name", "a rule named '" + rule.name() + "' exists");
            }
            repo.updateRule(rule);
            if (!rule.enabled()) closeOpen(repo, id, now);
            audit(tx, actor, "alert.rule.update", id, view(before), view(rule));
            return rule;
        });
    }

    @Override
    public void deleteRule(String id, Actor actor) {
        actor.require(Role.OPERATOR);
        Instant now = now();
        store.write(tx -> {
            AlertRepository repo = tx.alerts();
            AlertRule before = repo.lockRule(id).orElseThrow(() -> ruleNotFound(id));
            closeOpen(repo, id, now);
            repo.deleteRule(id);
            audit(tx, actor, "alert.rule.delete", id, view(before), null);
            return null;
        });
    }

    /** A disabled or deleted rule no longer watches anything, so its episode ends here, quietly. */
    private static void closeOpen(AlertRepository repo, String ruleId, Instant now) {
        repo.lockOpenAlert(ruleId).ifPresent(open -> repo.updateAlert(Episodes.closedQuietly(open, now)));
    }

    @Override
    public Optional<AlertRule> rule(String id) {
        return store.read(tx -> tx.alerts().findRule(id));
    }

    @Override
    public List<AlertRule> rules() {
        return store.read(tx -> tx.alerts().rules());
    }

    private void checkRule(RuleSpec spec) {
        Validation.rule(spec);
        AlertScope scope = spec.scope();
        if (registry.find(AssetType.MODEL, scope.model()).isEmpty()) {
            throw new ValidationException("scope.model", "no model named '" + scope.model() + "' is registered");
        }
        if (scope.version() != null && registry.version(AssetType.MODEL, scope.model(), scope.version()).isEmpty()) {
            throw new ValidationException("scope.version", "model '" + scope.model() + "' has no version " + scope.version());
        }
    }

    private static void checkReferences(AlertRepository repo, AlertRule rule) {
        for (String d : rule.destinations()) {
            if (repo.findDestination(d).isEmpty()) {
                throw new ValidationException("destinations", "no destination named '" + d + "' exists");
            }
        }
    }

    private static AlertRule toRule(String id, RuleSpec s, String createdBy, Instant createdAt, String updatedBy,
            Instant updatedAt) {
        return new AlertRule(id, s.name(), s.metric(), s.condition(), s.threshold(), s.window(),
                s.severity() == null ? Severity.WARNING : s.severity(), s.scope(), Validation.renotify(s),
                Validation.destinations(s), s.enabled() == null || s.enabled(), createdBy, createdAt, updatedBy, updatedAt);
    }

    private static NotFoundException ruleNotFound(String id) {
        return new NotFoundException("id", "no alert rule with id '" + id + "'");
    }

    // ---------------------------------------------------------------- destinations

    @Override
    public Destination createDestination(DestinationSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        if (spec == null) throw new ValidationException(null, "a destination is required");
        Validation.name("name", spec.name());
        AlertChannel channel = checkChannel(spec.channel(), spec.settings());
        Instant now = now();
        Destination d = new Destination(spec.name(), spec.channel(), spec.settings(), actor.name(), now, actor.name(), now);
        return store.write(tx -> {
            if (tx.alerts().findDestination(d.name()).isPresent()) {
                throw new ConflictException("name", "a destination named '" + d.name() + "' exists");
            }
            tx.alerts().insertDestination(d);
            audit(tx, actor, "alert.destination.create", d.name(), null, view(d.masked(channel.secretSettings())));
            return d.masked(channel.secretSettings());
        });
    }

    @Override
    public Destination updateDestination(String name, DestinationSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        if (spec == null) throw new ValidationException(null, "a destination is required");
        if (spec.name() != null && !spec.name().equals(name)) {
            throw new ValidationException("name", "a destination cannot be renamed; create a new one instead");
        }
        Instant now = now();
        return store.write(tx -> {
            Destination before = tx.alerts().findDestination(name).orElseThrow(() -> destinationNotFound(name));
            // Masked values sent back unchanged mean "keep the secret I cannot see".
            Map<String, String> settings = new LinkedHashMap<>(spec.settings());
            if (before.channel().equals(spec.channel())) {
                settings.replaceAll((k, v) -> Destination.MASK.equals(v) && before.settings().containsKey(k)
                        ? before.settings().get(k) : v);
            }
            AlertChannel channel = checkChannel(spec.channel(), settings);
            Destination d = new Destination(name, spec.channel(), settings, before.createdBy(), before.createdAt(),
                    actor.name(), now);
            tx.alerts().updateDestination(d);
            AlertChannel old = channel(before.channel());
            Set<String> oldSecrets = old == null ? Set.of("*") : old.secretSettings();
            audit(tx, actor, "alert.destination.update", name, view(before.masked(oldSecrets)),
                    view(d.masked(channel.secretSettings())));
            return d.masked(channel.secretSettings());
        });
    }

    @Override
    public void deleteDestination(String name, Actor actor) {
        actor.require(Role.OPERATOR);
        store.write(tx -> {
            Destination before = tx.alerts().findDestination(name).orElseThrow(() -> destinationNotFound(name));
            List<String> users = tx.alerts().rules().stream().filter(r -> r.destinations().contains(name))
                    .map(AlertRule::name).toList();
            if (!users.isEmpty()) {
                throw new ConflictException("name", "destination '" + name + "' is used by rule(s) "
                        + String.join(", ", users) + "; remove it from them first");
            }
            tx.alerts().deleteDestination(name);
            AlertChannel c = channel(before.channel());
            audit(tx, actor, "alert.destination.delete", name, view(before.masked(c == null ? Set.of("*") : c.secretSettings())),
                    null);
            return null;
        });
    }

    @Override
    public Optional<Destination> destination(String name) {
        return store.read(tx -> tx.alerts().findDestination(name)).map(this::masked);
    }

    @Override
    public List<Destination> destinations() {
        return store.read(tx -> tx.alerts().destinations()).stream().map(this::masked).toList();
    }

    /** Masked with the channel's secret keys; every value when the channel is not installed (unknown is secret). */
    private Destination masked(Destination d) {
        AlertChannel c = channel(d.channel());
        return d.masked(c == null ? Set.of("*") : c.secretSettings());
    }

    private AlertChannel checkChannel(String type, Map<String, String> settings) {
        if (type == null || type.isBlank()) {
            throw new ValidationException("channel", "channel is required: one of " + installed());
        }
        AlertChannel c = channel(type);
        if (c == null) {
            throw new ValidationException("channel", "no alert channel of type '" + type + "' is installed; installed: "
                    + installed());
        }
        Validation.settings(settings);
        c.validate(settings);
        return c;
    }

    private static NotFoundException destinationNotFound(String name) {
        return new NotFoundException("name", "no alert destination named '" + name + "'");
    }

    // ---------------------------------------------------------------- episodes

    @Override
    public List<Alert> firing() {
        return store.read(tx -> tx.alerts().firing());
    }

    @Override
    public Page<Alert> history(AlertQuery query) {
        if (query == null) throw new ValidationException(null, "a history query is required");
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw new ValidationException("from", "from must be before to");
        }
        return store.read(tx -> tx.alerts().history(query));
    }

    @Override
    public Optional<Alert> alert(String id) {
        return store.read(tx -> tx.alerts().findAlert(id));
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return store.read(tx -> {
            if (tx.alerts().findAlert(alertId).isEmpty()) {
                throw new NotFoundException("id", "no alert with id '" + alertId + "'");
            }
            return tx.alerts().deliveries(alertId);
        });
    }

    @Override
    public Delivery sendTest(String name, Actor actor) {
        actor.require(Role.OPERATOR);
        Instant now = now();
        Destination d = store.read(tx -> tx.alerts().findDestination(name)).orElseThrow(() -> destinationNotFound(name));
        Delivery pending = new Delivery(UUID.randomUUID().toString(), null, name, d.channel(), NotificationKind.TEST, now,
                DeliveryStatus.PENDING, null);
        Dispatcher.Outcome o = dispatcher.send(List.of(new Dispatcher.Send(pending,
                Notifications.test(name, actor.name(), now), d)), this::channel, installed()).get(0);
        Delivery done = new Delivery(pending.id(), null, name, d.channel(), NotificationKind.TEST, now, o.status(), o.error());
        store.write(tx -> {
            tx.alerts().insertDelivery(done);
            return null;
        });
        return done;
    }

    // ---------------------------------------------------------------- evaluation

    private void scheduledPass() {
        try {
            EvaluationReport r = evaluate(Instant.now());
            if (r.fired() + r.renotified() + r.resolved() + r.failed() > 0) LOG.info("Alert evaluation: {}", r);
        } catch (RuntimeException e) {
            // One bad pass (the database away for a moment) must not end the schedule.
            LOG.warn("Alert evaluation pass failed: {}", e.toString());
        }
    }

    @Override
    public EvaluationReport evaluate(Instant now) {
        return evaluator.pass(now);
    }

    // ---------------------------------------------------------------- audit

    private void audit(StoreTx tx, Actor actor, String action, String target, Object before, Object after) {
        String kind = action.startsWith("alert.rule") ? "alerts/rules/" : "alerts/destinations/";
        tx.audit().append(new AuditRecord(actor.name(), action, kind + target, write(before), write(after)));
    }

    private String write(Object value) {
        if (value == null) return null;
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rule as the audit log keeps it: wire names, durations in seconds. */
    static Map<String, Object> view(AlertRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("metric", r.metric().wire());
        m.put("condition", r.condition().wire());
        m.put("threshold", r.threshold());
        m.put("window_seconds", r.window().toSeconds());
        m.put("severity", r.severity().wire());
        m.put("model", r.scope().model());
        m.put("version", r.scope().version());
        m.put("endpoint", r.scope().endpoint());
        m.put("arm", r.scope().arm() == null ? null : r.scope().arm().wire());
        m.put("renotify_seconds", r.renotify().toSeconds());
        m.put("destinations", r.destinations());
        m.put("enabled", r.enabled());
        return m;
    }

    static Map<String, Object> view(Destination d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("channel", d.channel());
        m.put("settings", d.settings());
        return m;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
