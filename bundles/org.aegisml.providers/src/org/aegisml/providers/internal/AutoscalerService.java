package org.aegisml.providers.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Gateway;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.provider.Autoscaling;
import org.aegisml.api.provider.AutoscalingPolicy;
import org.aegisml.api.provider.HostMetric;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.MetricsSource;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Providers;
import org.aegisml.api.provider.ScalingDecision;
import org.aegisml.api.provider.ScalingMetric;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.Leadership;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Runs each hosted deployment's autoscaling policy on the replica that holds the
 * {@value #ROLE} role (one decides, even with several servers on one PostgreSQL), and acts
 * through the deployment's {@link ModelHost#scale}. Each change of replicas is in the audit
 * log with the value that caused it; decisions that change nothing are kept in memory only.
 */
@Component(service = Autoscaling.class)
public final class AutoscalerService implements Autoscaling {
    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerService.class);
    static final String ROLE = "autoscaler";
    static final String ACTOR = "autoscaler";
    private static final int KEPT = 100;

    /** Configuration PID {@code org.aegisml.providers.internal.AutoscalerService}. */
    public @interface Config {
        /** Milliseconds between checks for policies whose interval is due; 0 turns autoscaling off on this replica. */
        long tickMillis() default 1000;
    }

    private final Store store;
    private final Deployments deployments;
    private final Gateway gateway;
    private final Monitoring monitoring;
    private final Providers providers;
    private final Leadership leadership;
    private final ObjectMapper json = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final Map<String, Scaler.State> states = new ConcurrentHashMap<>();
    private final Map<String, Instant> decidedAt = new ConcurrentHashMap<>();
    private final Map<String, Deque<ScalingDecision>> decisions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    @Activate
    public AutoscalerService(@Reference Store store, @Reference Deployments deployments, @Reference Gateway gateway,
            @Reference Monitoring monitoring, @Reference Providers providers, @Reference Leadership leadership,
            Config config) {
        this.store = store;
        this.deployments = deployments;
        this.gateway = gateway;
        this.monitoring = monitoring;
        this.providers = providers;
        this.leadership = leadership;
        if (config.tickMillis() > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("aegisml-autoscaler").factory());
            scheduler.scheduleWithFixedDelay(this::tick, config.tickMillis(), config.tickMillis(), TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    @Deactivate
    void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        leadership.release(ROLE);
    }

    // ------------------------------------------------------------------ policies

    @Override
    public AutoscalingPolicy put(AutoscalingPolicy submitted, Actor actor) {
        actor.require(Role.OPERATOR);
        AutoscalingPolicy p = validate(submitted);
        Deployment d = deployments.find(p.deployment())
                .orElseThrow(() -> new NotFoundException("deployment", "no deployment named '" + p.deployment() + "'"));
        ModelHost host = providers.host(d.stable().backend().type()).orElse(null);
        if (host == null) {
            throw new ValidationException("deployment", "deployment '" + d.name() + "' is not served by a model host "
                    + "(its backend type is '" + d.stable().backend().type() + "'), so there is nothing to scale");
        }
        if (p.metric() == ScalingMetric.GPU_UTILIZATION && providers.metrics(host.type()).isEmpty()) {
            throw new ValidationException("metric", "the " + host.type() + " provider reports no metrics, so it cannot "
                    + "scale on GPU utilisation; use queue_length or latency_p95");
        }
        Instant now = Instant.now();
        store.write(tx -> {
            AutoscalingPolicy before = tx.providers().policy(p.deployment()).orElse(null);
            tx.providers().putPolicy(p, actor.name(), now);
            tx.audit().append(new AuditRecord(actor.name(), "autoscaling.put", "deployments/" + p.deployment(),
                    before == null ? null : write(before), write(p)));
            return null;
        });
        states.remove(p.deployment());
        decidedAt.remove(p.deployment());
        return p;
    }

    static AutoscalingPolicy validate(AutoscalingPolicy s) {
        if (s == null) throw new ValidationException("body", "a policy is required");
        if (s.deployment() == null || s.deployment().isBlank()) throw new ValidationException("deployment", "deployment is required");
        if (s.metric() == null) {
            throw new ValidationException("metric", "metric is required: queue_length, latency_p95 or gpu_utilization");
        }
        if (!(s.target() > 0) || Double.isInfinite(s.target())) throw new ValidationException("target", "target must be above 0");
        if (s.metric() == ScalingMetric.GPU_UTILIZATION && s.target() > 100) {
            throw new ValidationException("target", "GPU utilisation is a percentage; the target must be at most 100");
        }
        if (s.minReplicas() < 1) throw new ValidationException("minReplicas", "minReplicas must be at least 1");
        if (s.maxReplicas() < s.minReplicas() || s.maxReplicas() > 1000) {
            throw new ValidationException("maxReplicas", "maxReplicas must be from minReplicas to 1000");
        }
        AutoscalingPolicy p = s.withDefaults();
        if (p.tolerance() < 0 || p.tolerance() >= 1) throw new ValidationException("tolerance", "tolerance must be 0 to below 1");
        positive("scaleUpCooldown", p.scaleUpCooldown(), true);
        positive("scaleDownCooldown", p.scaleDownCooldown(), true);
        positive("window", p.window(), false);
        positive("interval", p.interval(), false);
        return p;
    }

    private static void positive(String field, Duration d, boolean zeroAllowed) {
        if (d.isNegative() || !zeroAllowed && d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new ValidationException(field, field + " must be " + (zeroAllowed ? "0" : "above 0") + " to 1 day");
        }
    }

    @Override
    public Optional<AutoscalingPolicy> policy(String deployment) {
        return store.read(tx -> tx.providers().policy(deployment));
    }

    @Override
    public List<AutoscalingPolicy> policies() {
        return store.read(tx -> tx.providers().policies());
    }

    @Override
    public void delete(String deployment, Actor actor) {
        actor.require(Role.OPERATOR);
        store.write(tx -> {
            AutoscalingPolicy before = tx.providers().policy(deployment)
                    .orElseThrow(() -> new NotFoundException("deployment", "deployment '" + deployment + "' has no autoscaling policy"));
            tx.providers().deletePolicy(deployment);
            tx.audit().append(new AuditRecord(actor.name(), "autoscaling.delete", "deployments/" + deployment, write(before),
                    null));
            return null;
        });
        states.remove(deployment);
    }

    @Override
    public List<ScalingDecision> decisions(String deployment) {
        Deque<ScalingDecision> d = decisions.get(deployment);
        if (d == null) return List.of();
        synchronized (d) {
            return List.copyOf(d);
        }
    }

    // ------------------------------------------------------------------ deciding

    private void tick() {
        try {
            if (!leadership.holds(ROLE)) return;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (AutoscalingPolicy p : policies()) {
                if (!Boolean.TRUE.equals(p.enabled())) continue;
                Instant last = decidedAt.get(p.deployment());
                if (last != null && now.isBefore(last.plus(p.interval()))) continue;
                decidedAt.put(p.deployment(), now);
                try {
                    decide(p, now);
                } catch (RuntimeException e) {
                    LOG.warn("Autoscaling {} failed; retried next interval: {}", p.deployment(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Autoscaler pass failed; retrying", e);
        }
    }

    /** One decision for one deployment, acted on when it changes the replicas. */
    ScalingDecision decide(AutoscalingPolicy p, Instant now) {
        Deployment d = deployments.find(p.deployment()).orElse(null);
        if (d == null) return null;
        ModelHost host = providers.host(d.stable().backend().type()).orElse(null);
        if (host == null) {
            return record(new ScalingDecision(d.name(), d.stable().version(), now, p.metric(), null, p.target(), 0, 0, false,
                    "no model host of type '" + d.stable().backend().type() + "' is installed"));
        }
        String endpoint = ModelHost.endpoint(d.stable().backend(), d.name());
        HostStatus status = host.status(endpoint);
        HostStatus.Variant v = status.variant(d.stable().version());
        if (v == null) {
            return record(new ScalingDecision(d.name(), d.stable().version(), now, p.metric(), null, p.target(), 0, 0, false,
                    d.stable().version() + " is not deployed on " + host.type() + " endpoint '" + endpoint + "'"));
        }
        int current = Math.max(1, v.desiredReplicas());
        Double value = measure(p, d, host, endpoint, current, now);
        Scaler.State state = states.computeIfAbsent(d.name(), k -> new Scaler.State());
        Instant lastUp = state.lastUp;
        Instant lastChange = state.lastChange;
        Scaler.Outcome o = Scaler.decide(p, value, current, now, state);
        if (!o.change()) {
            return record(new ScalingDecision(d.name(), d.stable().version(), now, p.metric(), value, p.target(), current,
                    current, false, o.reason()));
        }
        try {
            host.scale(endpoint, d.stable().version(), o.desired());
        } catch (RuntimeException e) {
            state.lastUp = lastUp;
            state.lastChange = lastChange;
            return record(new ScalingDecision(d.name(), d.stable().version(), now, p.metric(), value, p.target(), current,
                    o.desired(), false, "the provider refused to scale: " + e.getMessage()));
        }
        ScalingDecision done = new ScalingDecision(d.name(), d.stable().version(), now, p.metric(), value, p.target(),
                current, o.desired(), true, o.reason());
        store.write(tx -> {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("version", done.version().toString());
            after.put("metric", done.metric().wire());
            after.put("value", done.value());
            after.put("target", done.target());
            after.put("replicas", done.desired());
            after.put("reason", done.reason());
            tx.audit().append(new AuditRecord(ACTOR, "autoscaling.scale", "deployments/" + d.name(),
                    write(Map.of("replicas", current)), write(after)));
            return null;
        });
        LOG.info("Autoscaled {} ({}) from {} to {} replicas: {}", d.name(), d.stable().version(), current, o.desired(),
                o.reason());
        return record(done);
    }

    /** The policy's metric now: per replica for the queue, the stable's p95 for latency, the mean for GPU. */
    private Double measure(AutoscalingPolicy p, Deployment d, ModelHost host, String endpoint, int replicas, Instant now) {
        return switch (p.metric()) {
            case QUEUE_LENGTH -> (double) gateway.inFlight(d.name()) / replicas;
            case LATENCY_P95 -> {
                var m = d.stable().model();
                OptionalDouble x = monitoring.value(m.name(), m.version(), d.name(), Arm.STABLE, Metric.LATENCY_P95,
                        now.minus(p.window()), now);
                yield x.isPresent() ? x.getAsDouble() : null;
            }
            case GPU_UTILIZATION -> {
                MetricsSource source = providers.metrics(host.type()).orElse(null);
                if (source == null) yield null;
                List<HostMetric> points = source.metrics(endpoint, MetricsSource.GPU_UTILIZATION, now.minus(p.window()), now);
                OptionalDouble mean = points.stream()
                        .filter(x -> x.version() == null || x.version().equals(d.stable().version()))
                        .mapToDouble(HostMetric::value).average();
                yield mean.isPresent() ? mean.getAsDouble() : null;
            }
        };
    }

    private ScalingDecision record(ScalingDecision s) {
        Deque<ScalingDecision> d = decisions.computeIfAbsent(s.deployment(), k -> new ArrayDeque<>());
        synchronized (d) {
            d.addFirst(s);
            while (d.size() > KEPT) d.removeLast();
        }
        return s;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
