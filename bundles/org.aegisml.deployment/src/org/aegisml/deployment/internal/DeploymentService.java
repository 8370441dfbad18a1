package org.aegisml.deployment.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.deployment.AnalysisMetric;
import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Comparison;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentListener;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.DeploymentRepository;
import org.aegisml.api.store.Leadership;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Deployments, rollouts and approvals, and the rollout controller: a scheduled pass that, on
 * the one replica holding the {@value #CONTROLLER_ROLE} role, measures each active rollout's
 * analysis rules every interval and advances, pauses, promotes or rolls it back. All state is
 * in the database, so a restarted or newly elected controller resumes every rollout at the
 * step and weights it had.
 */
@Component(service = { Deployments.class, Approvals.class }, configurationPid = "org.aegisml.deployment", immediate = true)
public final class DeploymentService implements Deployments, Approvals {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    static final String CONTROLLER_ROLE = "rollout-controller";

    /** Configuration PID {@code org.aegisml.deployment}. */
    public @interface Config {
        /** Milliseconds between controller passes; 0 turns the controller off on this replica. */
        long controllerTickMillis() default 1000;

        /** Seconds a candidate's backend has to answer the probe when a rollout starts. */
        int probeTimeoutSeconds() default 5;

        /**
         * Milliseconds between passes that bring every hosted deployment's provider endpoint in
         * line with its routing (each change this replica makes is applied at once as well).
         */
        long hostSyncMillis() default 30000;
    }

    private final Store store;
    private final Registry registry;
    private final Monitoring monitoring;
    private final Leadership leadership;
    private final Analysis analysis;
    private final Transitions transitions;
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private final List<InferenceBackend> backends = new CopyOnWriteArrayList<>();
    private final List<AnalysisMetric> metrics = new CopyOnWriteArrayList<>();
    private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
    /** Provider endpoints of hosted deployments ({@link ModelHost} whiteboard). */
    private final HostSync hosts = new HostSync();
    /** Provider calls block for seconds: never on a request or the controller's thread. */
    private final java.util.concurrent.ExecutorService hostCalls = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("aegisml-host-sync").factory());
    private final long hostSyncMillis;
    private volatile Instant hostsSyncedAt = Instant.EPOCH;
    /** When each rollout was last measured, and with what verdict: rebuilt from the database after a restart. */
    private final Map<String, Last> last = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Duration probeTimeout;
    private final String replica;
    private volatile boolean leading;
    private volatile PolicyEngine policy;
    /** When each rollout's step policy was last asked (at most once per analysis interval). */
    private final Map<String, Instant> policyAt = new java.util.concurrent.ConcurrentHashMap<>();

    record Last(int step, Instant at, Verdict verdict) {
    }

    @Activate
    public DeploymentService(@Reference Store store, @Reference Registry registry, @Reference Monitoring monitoring,
            @Reference DriftAnalysis drift, @Reference Leadership leadership, Config config) {
        this.store = store;
        this.registry = registry;
        this.monitoring = monitoring;
        this.leadership = leadership;
        this.analysis = new Analysis(monitoring, drift, () -> metrics);
        this.transitions = new Transitions(json);
        this.probeTimeout = Duration.ofSeconds(Math.max(1, config.probeTimeoutSeconds()));
        this.replica = replicaName();
        this.hostSyncMillis = Math.max(1000, config.hostSyncMillis());
        long tick = config.controllerTickMillis();
        if (tick > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("aegisml-rollout-controller").factory());
            scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
            LOG.info("The rollout controller is off on this replica (controllerTickMillis = {})", tick);
        }
    }

    @Deactivate
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hostCalls.shutdownNow();
        if (leading) leadership.release(CONTROLLER_ROLE);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    void setPolicyEngine(PolicyEngine p) {
        policy = p;
    }

    void unsetPolicyEngine(PolicyEngine p) {
        if (policy == p) policy = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(InferenceBackend b) {
        backends.add(b);
    }

    void removeBackend(InferenceBackend b) {
        backends.remove(b);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHost(ModelHost h) {
        hosts.add(h);
    }

    void removeHost(ModelHost h) {
        // Rollouts on it are paused by the controller's next pass (see pausedForService).
        hosts.remove(h);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMetric(AnalysisMetric m) {
        metrics.add(m);
    }

    void removeMetric(AnalysisMetric m) {
        metrics.remove(m);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(DeploymentListener l) {
        listeners.add(l);
    }

    void removeListener(DeploymentListener l) {
        listeners.remove(l);
    }

    // ---------------------------------------------------------------- deployments

    @Override
    public Deployment create(DeploymentSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        if (spec == null) throw new ValidationException("body", "a deployment spec is required");
        Specs.name(spec.name());
        if (spec.description() != null && spec.description().length() > 4000) {
            throw new ValidationException("description", "description is too long (4,000 characters at most)");
        }
        if (spec.project() != null && spec.project().length() > 200) {
            throw new ValidationException("project", "project is too long (200 characters at most)");
        }
        Target stable = resolve("stable", spec.stable());
        if (hosts.hosted(stable)) {
            if (find(spec.name()).isPresent()) {
                throw new ConflictException("name", "a deployment named '" + spec.name() + "' exists");
            }
            // At the provider first: if it refuses, nothing is written. Deploying is idempotent, so
            // a create retried after a failed write reuses what is there.
            hostCall("stable", () -> hosts.place(hosts.host(stable.backend().type()),
                    ModelHost.endpoint(stable.backend(), spec.name()), stable, spec.project()));
        }
        Instant now = now();
        Deployment d = new Deployment(spec.name(), spec.description(), spec.project(), stable, null, Routing.STABLE_ONLY,
                spec.capture() == null ? Capture.DEFAULT : spec.capture(), null, null, null, actor.name(), now, now, 1);
        Deployment created = store.write(tx -> {
            if (tx.deployments().findDeployment(d.name()).isPresent()) {
                throw new ConflictException("name", "a deployment named '" + d.name() + "' exists");
            }
            tx.deployments().insertDeployment(d);
            tx.audit().append(new AuditRecord(actor.name(), "deployment.create", "deployments/" + d.name(), null,
                    transitions.write(view(d))));
            return d;
        });
        announce(created.name(), created);
        return created;
    }

    @Override
    public Optional<Deployment> find(String name) {
        return store.read(tx -> tx.deployments().findDeployment(name));
    }

    @Override
    public List<Deployment> list() {
        return store.read(tx -> tx.deployments().deployments());
    }

    @Override
    public void delete(String name, Actor actor) {
        actor.require(Role.OPERATOR);
        Deployment deleted = store.write(tx -> {
            Deployment d = tx.deployments().lockDeployment(name).orElseThrow(() -> deploymentNotFound(name));
            if (d.rollout() != null) {
                throw new ConflictException("name", "deployment '" + name + "' has an active rollout (" + d.rollout()
                        + "); abort or finish it first");
            }
            tx.deployments().deleteDeployment(name);
            tx.audit().append(new AuditRecord(actor.name(), "deployment.delete", "deployments/" + name,
                    transitions.write(view(d)), null));
            return d;
        });
        announce(name, null);
        if (hosts.hosted(deleted.stable())) {
            hostCalls.execute(() -> {
                try {
                    hosts.remove(deleted);
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove deleted deployment {} from its provider endpoint: {}", name, e.getMessage());
                }
            });
        }
    }

    /**
     * Checks a target against the registry and the installed backends, and fills in the model
     * version its calls are monitored under.
     */
    Target resolve(String field, Target t) {
        if (t == null || t.version() == null) {
            throw new ValidationException(field, field + " is required: a model or prompt version and its backend");
        }
        VersionRef v = t.version();
        if (v.type() == AssetType.DATASET) throw new ValidationException(field + ".version", "a dataset cannot be deployed");
        AssetVersion version = registry.version(v.type(), v.name(), v.version())
                .orElseThrow(() -> new ValidationException(field + ".version", "unknown version " + v));
        ModelHost host = t.backend() == null || t.backend().type() == null ? null : hosts.host(t.backend().type());
        InferenceBackend b = t.backend() == null || t.backend().type() == null ? null : backend(t.backend().type());
        if (b == null && host == null && t.backend() != null && t.backend().type() != null && !t.backend().type().isBlank()) {
            throw new ValidationException(field + ".backend.type", "no backend or model host of type '" + t.backend().type()
                    + "' is installed (backends: " + installedBackends() + "; model hosts: " + hosts.installed() + ")");
        }
        Specs.backend(field + ".backend", t.backend(), host != null);
        try {
            if (host != null) {
                HostSync.replicas(t.backend());
                host.validate(t.backend());
            } else {
                b.validate(t.backend());
            }
        } catch (ValidationException e) {
            String f = e.field() == null ? "options" : e.field().startsWith("backend.") ? e.field().substring(8) : e.field();
            throw new ValidationException(field + ".backend." + f, e.getMessage());
        }
        VersionRef model;
        if (v.type() == AssetType.MODEL) {
            model = v;
        } else if (t.model() != null) {
            model = t.model();
            if (model.type() != AssetType.MODEL || registry.version(AssetType.MODEL, model.name(), model.version()).isEmpty()) {
                throw new ValidationException(field + ".model", "unknown model version " + model);
            }
        } else {
            model = promptModel(field, (PromptVersionSpec) version.spec());
        }
        return new Target(v, t.backend(), model);
    }

    /** The model a prompt runs on: {@code name:version}, {@code name@alias}, or the production alias, else the latest. */
    private VersionRef promptModel(String field, PromptVersionSpec p) {
        String target = p.targetModel();
        if (target == null || target.isBlank()) {
            throw new ValidationException(field + ".model", "the prompt names no target model; give " + field + ".model");
        }
        Optional<AssetVersion> found;
        if (target.contains(":")) {
            String name = target.substring(0, target.indexOf(':'));
            int version;
            try {
                version = Integer.parseInt(target.substring(target.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new ValidationException(field + ".model", "the prompt's target model '" + target + "' is not name:version");
            }
            found = registry.version(AssetType.MODEL, name, version);
        } else if (target.contains("@")) {
            found = registry.versionByAlias(AssetType.MODEL, target.substring(0, target.indexOf('@')),
                    target.substring(target.indexOf('@') + 1));
        } else {
            found = registry.versionByAlias(AssetType.MODEL, target, Transitions.PRODUCTION_ALIAS);
            if (found.isEmpty()) {
                Optional<Asset> a = registry.find(AssetType.MODEL, target);
                if (a.isPresent() && a.get().latestVersion() > 0) {
                    found = registry.version(AssetType.MODEL, target, a.get().latestVersion());
                }
            }
        }
        return found.map(AssetVersion::ref).orElseThrow(() -> new ValidationException(field + ".model",
                "the prompt's target model '" + target + "' is not a registered model version; register it or give "
                        + field + ".model"));
    }

    private InferenceBackend backend(String type) {
        for (InferenceBackend b : backends) {
            if (b.type().equals(type)) return b;
        }
        return null;
    }

    private String installedBackends() {
        TreeSet<String> types = new TreeSet<>();
        for (InferenceBackend b : backends) types.add(b.type());
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    // ---------------------------------------------------------------- rollouts

    @Override
    public Rollout startRollout(String deployment, RolloutSpec submitted, Actor actor) {
        actor.require(Role.OPERATOR);
        RolloutSpec checked = Specs.rollout(submitted, analysis::knows);
        Deployment current = find(deployment).orElseThrow(() -> deploymentNotFound(deployment));
        if (current.rollout() != null) {
            throw new ConflictException("deployment", "deployment '" + deployment + "' already has an active rollout ("
                    + current.rollout() + ")");
        }
        Target candidate = resolve("candidate", checked.candidate());
        if (candidate.version().equals(current.stable().version())) {
            throw new ValidationException("candidate.version", candidate.version() + " is already the stable version");
        }
        if (candidate.version().type() != current.stable().version().type()) {
            throw new ValidationException("candidate.version", "the stable is a " + current.stable().version().type().name()
                    .toLowerCase(java.util.Locale.ROOT) + " version; the candidate must be one too");
        }
        boolean hosted = hosts.hosted(current.stable()) || hosts.hosted(candidate);
        if (hosted) {
            if (!hosts.hosted(current.stable()) || !hosts.hosted(candidate)
                    || !HostSync.sameHost(current.stable(), candidate, deployment)) {
                throw new ValidationException("candidate.backend", "a hosted deployment's traffic is split by its provider, "
                        + "so the stable and the candidate must be served by the same model host endpoint (stable: "
                        + describe(current.stable(), deployment) + ", candidate: " + describe(candidate, deployment) + ")");
            }
            if (checked.strategy() == Strategy.SHADOW && backend(candidate.backend().type()) == null) {
                throw new ValidationException("strategy", "shadow copies calls through the gateway, and no inference backend "
                        + "of type '" + candidate.backend().type() + "' is installed to call it; use canary, blue-green or A/B");
            }
        } else {
            probe(candidate);
        }
        Decision decided = PolicyContexts.atStart(policy, current, candidate, checked, actor);
        if (decided != null && decided.denied()) {
            throw new ForbiddenException(null, "the rollout was denied by policy: " + decided.reason());
        }
        boolean approval = checked.requireApproval() || decided != null && decided.effect() == Effect.REQUIRE_APPROVAL;
        RolloutSpec spec = new RolloutSpec(checked.strategy(), candidate, checked.steps(), checked.analysis(),
                checked.interval(), checked.window(), checked.failureLimit(), checked.inconclusiveLimit(),
                approval, checked.approvalToPromote(), checked.shadowPercent(), checked.weight(),
                checked.stickyKey(), checked.abMetric(), checked.alpha(), checked.rollbackWindow(), checked.reason());
        String candidateEndpoint = ModelHost.endpoint(candidate.backend(), deployment);
        if (hosted) {
            // The candidate runs at the provider with no traffic before anything is written: a
            // provider that refuses it (bad image, quota) refuses the rollout.
            hosts.placing(candidateEndpoint, candidate.version());
            try {
                hostCall("candidate", () -> hosts.place(hosts.host(candidate.backend().type()), candidateEndpoint, candidate,
                        current.project()));
            } catch (RuntimeException e) {
                hosts.placed(candidateEndpoint, candidate.version());
                throw e;
            }
        }
        try {
            return writeRollout(deployment, spec, candidate, decided, actor);
        } finally {
            if (hosted) hosts.placed(candidateEndpoint, candidate.version());
        }
    }

    private Rollout writeRollout(String deployment, RolloutSpec spec, Target candidate, Decision decided, Actor actor) {
        Instant now = now();
        String id = UUID.randomUUID().toString();
        Rollout started = store.write(tx -> {
            DeploymentRepository repo = tx.deployments();
            Deployment d = repo.lockDeployment(deployment).orElseThrow(() -> deploymentNotFound(deployment));
            if (d.rollout() != null) {
                throw new ConflictException("deployment", "deployment '" + deployment + "' already has an active rollout ("
                        + d.rollout() + ")");
            }
            Rollout r = new Rollout(id, deployment, spec.strategy(), d.stable(), candidate, spec,
                    RolloutState.PENDING_APPROVAL, 0, 0, null, 0, 0, null, actor.name(), now, now, null, spec.reason(), null,
                    null, null, null);
            repo.insertRollout(r);
            transitions.event(tx, r, "created", actor.name(), spec.reason(), Map.of("strategy", spec.strategy().wire()));
            transitions.audit(tx, actor.name(), "rollout.start", r, null, Transitions.view(r));
            Transitions.alias(tx, candidate.version(), Transitions.CANARY_ALIAS, candidate.version().version(),
                    actor.name(), "rollout " + id, now, json);
            if (spec.requireApproval()) {
                // The candidate is bound (so the evidence and the console can show it) but gets no traffic.
                repo.updateDeployment(RolloutBuilder.routed(d, candidate, Routing.STABLE_ONLY, id, now));
                Map<String, Object> evidence = evidence(tx, d, r);
                boolean byPolicy = decided != null && decided.effect() == Effect.REQUIRE_APPROVAL;
                int needed = byPolicy ? Math.max(1, decided.approvers()) : 1;
                evidence.put(APPROVERS_NEEDED, needed);
                if (byPolicy) evidence.put("policy_decision", PolicyContexts.evidence(decided));
                return transitions.awaitApproval(tx, r, "rollout", actor.id(), actor.name(),
                        "rollout of " + candidate.version() + " on " + deployment + " needs approval"
                                + (needed > 1 ? " by " + needed + " people" : ""),
                        evidence, RolloutState.PENDING_APPROVAL, now);
            }
            return transitions.enterStep(tx, d, r, 1, actor.name(), "started", now);
        });
        announce(deployment);
        return started;
    }

    /** A candidate that does not answer is refused before anything is written. */
    private void probe(Target candidate) {
        InferenceBackend b = backend(candidate.backend().type());
        String url = candidate.backend().url();
        boolean up;
        String why = "no answer";
        try {
            up = b.probe(candidate.backend()).get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            up = false;
            why = "no answer within " + probeTimeout.toSeconds() + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            up = false;
            why = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("candidate.backend", "interrupted while probing " + url);
        }
        if (!up) {
            throw new ValidationException("candidate.backend.url", "the candidate's backend at " + url
                    + " is down (" + why + "); nothing was started");
        }
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        return store.read(tx -> tx.deployments().findRollout(id).map(r -> {
            List<AnalysisRun> runs = tx.deployments().analysisRuns(id);
            var history = tx.deployments().rolloutEvents(id);
            var shadow = r.strategy() == Strategy.SHADOW || r.strategy() == Strategy.BLUE_GREEN
                    ? tx.deployments().shadowReport(id) : null;
            return new Rollout(r.id(), r.deployment(), r.strategy(), r.stable(), r.candidate(), r.spec(), r.state(),
                    r.step(), r.candidateWeight(), r.stepStartedAt(), r.failures(), r.inconclusives(), r.approval(),
                    r.createdBy(), r.createdAt(), r.updatedAt(), r.endedAt(), r.reason(), runs, history, null, shadow);
        })).map(r -> r.strategy() == Strategy.AB ? withComparison(r, r.endedAt() == null ? now() : r.endedAt()) : r);
    }

    @Override
    public List<Rollout> rollouts(String deployment) {
        return store.read(tx -> {
            tx.deployments().findDeployment(deployment).orElseThrow(() -> deploymentNotFound(deployment));
            return tx.deployments().rollouts(deployment);
        });
    }

    @Override
    public Rollout act(String id, RolloutAction action, String reason, Actor actor) {
        actor.require(Role.OPERATOR);
        if (action == null) throw new ValidationException("action", "action must be pause, resume, promote, abort or rollback");
        if (reason != null && reason.length() > 4000) throw new ValidationException("reason", "reason is too long (4,000 characters at most)");
        String why = reason == null || reason.isBlank() ? action.wire() + " by " + actor.name() : reason;
        Instant now = now();
        Rollout after = store.write(tx -> {
            DeploymentRepository repo = tx.deployments();
            Rollout r = repo.lockRollout(id).orElseThrow(() -> rolloutNotFound(id));
            Deployment d = repo.lockDeployment(r.deployment()).orElseThrow(() -> deploymentNotFound(r.deployment()));
            return switch (action) {
                case PAUSE -> {
                    if (r.state() != RolloutState.PROGRESSING) throw notAllowed(r, action);
                    yield transitions.pause(tx, r, actor.name(), why, Map.of(), now);
                }
                case RESUME -> {
                    if (r.state() != RolloutState.PAUSED) throw notAllowed(r, action);
                    if (r.approval() != null) {
                        throw new ConflictException("state", "rollout " + id + " waits for approval " + r.approval()
                                + "; approve or reject it instead");
                    }
                    Rollout resumed = transitions.resume(tx, r, actor.name(), why, now);
                    // A step that only waits for an operator is done once resumed.
                    if (Transitions.manualPause(r.spec().steps().get(r.step() - 1))) {
                        yield advance(tx, d, resumed, actor.name(), actor.id(), now);
                    }
                    yield resumed;
                }
                case PROMOTE -> {
                    if (r.state() != RolloutState.PROGRESSING && r.state() != RolloutState.PAUSED) throw notAllowed(r, action);
                    if (r.approval() != null) {
                        throw new ConflictException("state", "rollout " + id + " waits for approval " + r.approval());
                    }
                    yield finish(tx, d, r, actor.name(), actor.id(), why, Map.of("manual", true), now);
                }
                case ABORT -> {
                    if (r.state().terminal()) throw notAllowed(r, action);
                    yield transitions.revert(tx, d, r, RolloutState.ABORTED, actor.name(), why, Map.of(), now);
                }
                case ROLLBACK -> {
                    if (r.state() == RolloutState.PROMOTED) {
                        if (d.previous() == null || d.rollout() != null
                                || !d.stable().version().equals(r.candidate().version())) {
                            throw new ConflictException("state", "rollout " + id + " was promoted and the deployment has "
                                    + "changed since; start a new rollout to go back");
                        }
                        if (d.previousWarmUntil() == null || now.isAfter(d.previousWarmUntil())) {
                            throw new ConflictException("state", "the rollback window of rollout " + id + " ended at "
                                    + d.previousWarmUntil() + "; start a new rollout to go back");
                        }
                        yield transitions.revertPromotion(tx, d, r, actor.name(), why, now);
                    }
                    if (r.state().terminal()) throw notAllowed(r, action);
                    yield transitions.revert(tx, d, r, RolloutState.ROLLED_BACK, actor.name(), why, Map.of(), now);
                }
            };
        });
        last.remove(id);
        announce(after.deployment());
        return after;
    }

    private static ConflictException notAllowed(Rollout r, RolloutAction a) {
        return new ConflictException("state", "rollout " + r.id() + " is " + r.state().wire() + "; it cannot " + a.wire());
    }

    /** Moves to the next step, or finishes after the last. */
    private Rollout advance(StoreTx tx, Deployment d, Rollout r, String actor, String requesterId, Instant now) {
        if (r.strategy() == Strategy.CANARY && r.step() < r.spec().steps().size()) {
            return transitions.enterStep(tx, d, r, r.step() + 1, actor, "step " + r.step() + " passed", now);
        }
        return finish(tx, d, r, actor, requesterId, "all steps passed", Map.of(), now);
    }

    /** Promotes, or asks for approval first when the rollout says so. */
    private Rollout finish(StoreTx tx, Deployment d, Rollout r, String actor, String requesterId, String why,
            Map<String, Object> details, Instant now) {
        if (r.spec().approvalToPromote()) {
            return transitions.awaitApproval(tx, r, "promotion", requesterId, actor,
                    "promotion of " + r.candidate().version() + " on " + r.deployment() + " needs approval (" + why + ")",
                    evidence(tx, d, r), RolloutState.PAUSED, now);
        }
        return transitions.promote(tx, d, r, actor, why, details, now);
    }

    // ---------------------------------------------------------------- the controller

    private void tick() {
        try {
            boolean holds = leadership.holds(CONTROLLER_ROLE);
            if (holds != leading) {
                leading = holds;
                LOG.info(holds ? "This replica ({}) now runs the rollout controller" : "This replica ({}) stopped running the rollout controller",
                        replica);
                last.clear();
            }
            if (holds) {
                Instant now = now();
                reconcile(now);
                if (!now.isBefore(hostsSyncedAt.plusMillis(hostSyncMillis))) {
                    hostsSyncedAt = now;
                    for (Deployment d : list()) {
                        if (hosts.hosted(d.stable())) syncHost(d.name());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Rollout controller pass failed; retrying next tick", e);
        }
    }

    @Override
    public void reconcile(Instant now) {
        List<Rollout> active = store.read(tx -> tx.deployments().activeRollouts());
        for (Rollout r : active) {
            try {
                if (r.state() == RolloutState.PROGRESSING && !pausedForService(r, now)) control(r, now);
            } catch (RuntimeException e) {
                // One rollout's trouble must not stop the others from being controlled.
                LOG.warn("Controlling rollout {} failed; retrying next pass", r.id(), e);
            }
        }
    }

    /**
     * A rollout whose stable or candidate is served by something no longer installed (a provider
     * bundle removed at runtime), or whose provider refused the last change, is paused with the
     * reason instead of moving traffic nobody applies. Returns whether it was paused.
     */
    private boolean pausedForService(Rollout r, Instant now) {
        String why = null;
        for (Target t : new Target[] {r.stable(), r.candidate()}) {
            String type = t.backend().type();
            if (backend(type) == null && hosts.host(type) == null) {
                why = "nothing serves backend type '" + type + "' any more (its provider or backend bundle was removed; "
                        + "model hosts: " + hosts.installed() + "; backends: " + installedBackends()
                        + "); install it again and resume";
                break;
            }
        }
        if (why == null) {
            var outcome = hosts.outcome(r.deployment()).orElse(null);
            if (outcome != null && outcome.error() != null && outcome.permanent()) {
                why = "the provider refused the last change: " + outcome.error() + "; fix it and resume";
            }
        }
        if (why == null) return false;
        String reason = why;
        Rollout paused = store.write(tx -> {
            Rollout locked = tx.deployments().lockRollout(r.id()).orElse(null);
            if (locked == null || locked.state() != RolloutState.PROGRESSING) return null;
            return transitions.pause(tx, locked, controller(), reason, Map.of(), now);
        });
        if (paused != null) {
            LOG.warn("Paused rollout {} on {}: {}", r.id(), r.deployment(), reason);
            hosts.forget(r.deployment());
            announce(r.deployment());
        }
        return true;
    }

    /** One controller step for one rollout: measure if due, then decide. */
    private void control(Rollout r, Instant now) {
        var step = r.spec().steps().get(r.step() - 1);
        boolean analysed = Boolean.TRUE.equals(step.analysis());
        Last prev = last(r);
        AnalysisRun run = null;
        if (analysed && (prev == null || prev.step() != r.step() || !now.isBefore(prev.at().plus(r.spec().interval())))) {
            run = measure(r, now);
        }
        Verdict latest = run != null ? run.verdict() : prev != null && prev.step() == r.step() ? prev.verdict() : null;
        Duration hold = step.duration() != null ? step.duration() : r.spec().window();
        boolean held = !now.isBefore(r.stepStartedAt().plus(hold));
        boolean stepDone = held && (!analysed || latest == Verdict.SUCCESS);
        Decision stepPolicy = stepPolicy(r, now, run != null || stepDone);
        boolean policyDenied = stepPolicy != null && stepPolicy.denied();
        if (run == null && !stepDone && !policyDenied) return;
        AnalysisRun measured = run;
        Rollout after = store.write(tx -> {
            DeploymentRepository repo = tx.deployments();
            Rollout locked = repo.lockRollout(r.id()).orElse(null);
            // Someone (an operator, another replica) moved it since it was read: their change wins.
            if (locked == null || locked.state() != RolloutState.PROGRESSING || locked.step() != r.step()
                    || !locked.updatedAt().equals(r.updatedAt())) {
                return null;
            }
            Deployment d = repo.lockDeployment(r.deployment()).orElseThrow(() -> deploymentNotFound(r.deployment()));
            Rollout cur = locked;
            if (policyDenied) {
                return transitions.revert(tx, d, cur, RolloutState.ROLLED_BACK, controller(),
                        "policy: " + stepPolicy.reason(), PolicyContexts.view(stepPolicy), now);
            }
            if (measured != null) {
                repo.insertAnalysisRun(measured);
                int failures = cur.failures() + (measured.verdict() == Verdict.FAILURE ? 1 : 0);
                int inconclusives = cur.inconclusives() + (measured.verdict() == Verdict.INCONCLUSIVE ? 1 : 0);
                cur = transitions.counted(tx, cur, failures, inconclusives, now);
                if (failures > cur.spec().failureLimit()) {
                    return transitions.revert(tx, d, cur, RolloutState.ROLLED_BACK, controller(),
                            "analysis failed " + failures + " time(s), more than the failure limit of "
                                    + cur.spec().failureLimit() + ": " + reasons(measured, Verdict.FAILURE),
                            evidenceOf(measured), now);
                }
                if (inconclusives > cur.spec().inconclusiveLimit()) {
                    return transitions.pause(tx, cur, controller(), "analysis was inconclusive " + inconclusives
                            + " time(s), more than the limit of " + cur.spec().inconclusiveLimit() + "; a person must decide: "
                            + reasons(measured, Verdict.INCONCLUSIVE), evidenceOf(measured), now);
                }
            }
            if (!stepDone) return cur;
            if (cur.strategy() == Strategy.AB) {
                Comparison c = withComparison(cur, now).comparison();
                Map<String, Object> details = comparisonView(c);
                if (AbTest.candidateWorse(c)) {
                    return transitions.revert(tx, d, cur, RolloutState.ROLLED_BACK, controller(),
                            "B is significantly worse than A on " + c.metric() + " (p = " + Analysis.fmt(c.pValue()) + ")",
                            details, now);
                }
                if (!AbTest.candidateBetter(c)) {
                    return transitions.pause(tx, cur, controller(), "the A/B test finished without a significant "
                            + "difference on " + c.metric() + (c.pValue() == null ? " (not enough data)" : " (p = "
                            + Analysis.fmt(c.pValue()) + ")") + "; promote or roll back", details, now);
                }
                return finish(tx, d, cur, controller(), SYSTEM_REQUESTER, "B is significantly better than A on " + c.metric(),
                        details, now);
            }
            return advance(tx, d, cur, controller(), SYSTEM_REQUESTER, now);
        });
        if (measured != null) last.put(r.id(), new Last(r.step(), now, measured.verdict()));
        if (after != null && (after.state() != RolloutState.PROGRESSING || after.step() != r.step())) {
            last.remove(r.id());
            announce(r.deployment());
        }
    }

    /**
     * Asks the policy engine at {@code rollout_step} when an analysis ran or a step ends, and
     * otherwise at most once per analysis interval; null when no policy applies.
     */
    private Decision stepPolicy(Rollout r, Instant now, boolean due) {
        PolicyEngine p = policy;
        if (p == null || !p.applies(DecisionPoint.ROLLOUT_STEP)) return null;
        Instant lastAsked = policyAt.get(r.id());
        if (!due && lastAsked != null && now.isBefore(lastAsked.plus(r.spec().interval()))) return null;
        policyAt.put(r.id(), now);
        Analysis.Scope scope = scope(r, now.minus(r.spec().window()), now);
        return p.decide(DecisionPoint.ROLLOUT_STEP, PolicyContexts.stepContext(r, analysis.measure(PolicyContexts.STEP_METRICS, scope)),
                new Actor("controller", controller(), Role.ADMIN));
    }

    /** The controller's approval requests are made in the name of no person, so any approver may decide them. */
    private static final String SYSTEM_REQUESTER = "system";

    private Last last(Rollout r) {
        return last.computeIfAbsent(r.id(), id -> store.read(tx -> {
            List<AnalysisRun> runs = tx.deployments().analysisRuns(id);
            if (runs.isEmpty()) return null;
            AnalysisRun run = runs.get(runs.size() - 1);
            return new Last(run.step(), run.to(), run.verdict());
        }));
    }

    private AnalysisRun measure(Rollout r, Instant now) {
        Analysis.Scope scope = scope(r, now.minus(r.spec().window()), now);
        List<Measurement> ms = analysis.measure(r.spec().analysis(), scope);
        Verdict v = Verdict.SUCCESS;
        for (Measurement m : ms) v = v.worst(m.verdict());
        return new AnalysisRun(UUID.randomUUID().toString(), r.id(), r.step(), scope.from(), scope.to(), v, ms);
    }

    /** Which arms hold the candidate's and the stable's calls under each strategy. */
    static Analysis.Scope scope(Rollout r, Instant from, Instant to) {
        Arm cand = switch (r.strategy()) {
            case CANARY -> Arm.CANARY;
            case SHADOW, BLUE_GREEN -> Arm.SHADOW;
            case AB -> Arm.B;
        };
        Arm stable = r.strategy() == Strategy.AB ? Arm.A : Arm.STABLE;
        return new Analysis.Scope(r.deployment(), r.candidate(), cand, r.stable(), stable, from, to);
    }

    private Rollout withComparison(Rollout r, Instant to) {
        String metric = r.spec().abMetric();
        Metric m = Metric.parse(metric);
        Instant from = r.createdAt().truncatedTo(ChronoUnit.MINUTES);
        Analysis.Scope s = scope(r, from, to);
        Double a = value(r.stable(), s, Arm.A, m);
        Double b = value(r.candidate(), s, Arm.B, m);
        Metric base = m == Metric.ACCURACY ? Metric.LABELLED : Metric.COUNT;
        long ac = (long) monitoring.value(r.stable().model().name(), r.stable().model().version(), r.deployment(), Arm.A,
                base, from, to).orElse(0);
        long bc = (long) monitoring.value(r.candidate().model().name(), r.candidate().model().version(), r.deployment(),
                Arm.B, base, from, to).orElse(0);
        Comparison c = AbTest.compare(metric, a, ac, b, bc, r.spec().alpha());
        return new Rollout(r.id(), r.deployment(), r.strategy(), r.stable(), r.candidate(), r.spec(), r.state(), r.step(),
                r.candidateWeight(), r.stepStartedAt(), r.failures(), r.inconclusives(), r.approval(), r.createdBy(),
                r.createdAt(), r.updatedAt(), r.endedAt(), r.reason(), r.analyses(), r.history(), c, r.shadow());
    }

    private Double value(Target t, Analysis.Scope s, Arm arm, Metric m) {
        var v = monitoring.value(t.model().name(), t.model().version(), s.endpoint(), arm, m, s.from(), s.to());
        return v.isPresent() ? v.getAsDouble() : null;
    }

    private static Map<String, Object> comparisonView(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", c.metric());
        m.put("a", c.a());
        m.put("a_count", c.aCount());
        m.put("b", c.b());
        m.put("b_count", c.bCount());
        m.put("p_value", c.pValue());
        m.put("alpha", c.alpha());
        m.put("significant", c.significant());
        return m;
    }

    private static String reasons(AnalysisRun run, Verdict v) {
        List<String> out = new ArrayList<>();
        for (Measurement m : run.measurements()) {
            if (m.verdict() == v) out.add(m.rule() + ": " + m.reason());
        }
        return String.join("; ", out);
    }

    /** The measured values behind an automatic decision, for the timeline and the audit log. */
    private static Map<String, Object> evidenceOf(AnalysisRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("analysis_run", run.id());
        m.put("window_from", run.from().toString());
        m.put("window_to", run.to().toString());
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Measurement x : run.measurements()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("rule", x.rule());
            e.put("metric", x.metric());
            e.put("candidate", x.candidate());
            e.put("stable", x.stable());
            e.put("candidate_count", x.candidateCount());
            e.put("limit", x.limit());
            e.put("verdict", x.verdict().wire());
            e.put("reason", x.reason());
            ms.add(e);
        }
        m.put("measurements", ms);
        return m;
    }

    private String controller() {
        return "controller@" + replica;
    }

    // ---------------------------------------------------------------- health

    @Override
    public Health health(String deployment) {
        Deployment d = find(deployment).orElseThrow(() -> deploymentNotFound(deployment));
        Instant now = now();
        Rollout active = d.rollout() == null ? null : store.read(tx -> tx.deployments().findRollout(d.rollout())).orElse(null);
        List<AnalysisRule> rules;
        Analysis.Scope scope;
        if (active != null && active.state() != RolloutState.PENDING_APPROVAL && !active.spec().analysis().isEmpty()) {
            rules = active.spec().analysis();
            scope = scope(active, now.minus(active.spec().window()), now);
        } else {
            rules = HealthScore.DEFAULT_RULES;
            Instant from = now.minus(Specs.DEFAULT_WINDOW);
            scope = new Analysis.Scope(d.name(), d.stable(), Arm.STABLE, d.stable(), Arm.STABLE, from, now);
        }
        return HealthScore.of(d.name(), now, rules, analysis.measure(rules, scope));
    }

    // ---------------------------------------------------------------- approvals

    @Override
    public List<Approval> list(ApprovalState state) {
        return store.read(tx -> tx.deployments().approvals(state));
    }

    @Override
    public Optional<Approval> approval(String id) {
        return store.read(tx -> tx.deployments().findApproval(id));
    }

    @Override
    public Approval approve(String id, String comment, Actor actor) {
        return decide(id, comment, actor, true);
    }

    @Override
    public Approval reject(String id, String comment, Actor actor) {
        return decide(id, comment, actor, false);
    }

    private Approval decide(String id, String comment, Actor actor, boolean approve) {
        if (!actor.role().includes(Role.APPROVER)) {
            throw new ForbiddenException("role", "only the approver role may decide approvals; "
                    + actor.role().name().toLowerCase(java.util.Locale.ROOT) + " may not");
        }
        if (comment != null && comment.length() > 4000) throw new ValidationException("comment", "comment is too long (4,000 characters at most)");
        Instant now = now();
        record Outcome(Approval approval, String deployment) {
        }
        Outcome o = store.write(tx -> {
            DeploymentRepository repo = tx.deployments();
            Approval a = repo.lockApproval(id).orElseThrow(() -> new NotFoundException("id", "no approval request " + id));
            if (a.state() != ApprovalState.PENDING) {
                throw new ConflictException("state", "approval request " + id + " is already " + a.state().wire());
            }
            if (a.requestedBy().equals(actor.id()) || a.requestedByName().equals(actor.name())) {
                throw new ForbiddenException("approver", "the requester (" + a.requestedByName()
                        + ") cannot decide their own request; another approver must");
            }
            Approval decided = new Approval(a.id(), a.kind(), a.subject(), a.deployment(),
                    approve ? ApprovalState.APPROVED : ApprovalState.REJECTED, a.requestedBy(), a.requestedByName(),
                    a.requestedAt(), a.reason(), actor.id(), actor.name(), now, comment, a.evidence());
            repo.updateApproval(decided);
            tx.audit().append(new AuditRecord(actor.name(), approve ? "approval.approve" : "approval.reject",
                    "approvals/" + id, transitions.write(Map.of("state", "pending")),
                    transitions.write(Map.of("state", decided.state().wire(), "kind", a.kind(), "subject", a.subject(),
                            "comment", comment == null ? "" : comment))));
            if (a.kind().equals("rollout") || a.kind().equals("promotion")) {
                Rollout r = repo.lockRollout(a.subject()).orElse(null);
                if (r != null && id.equals(r.approval()) && !r.state().terminal()) {
                    Deployment d = repo.lockDeployment(r.deployment()).orElseThrow(() -> deploymentNotFound(r.deployment()));
                    RolloutBuilder b = new RolloutBuilder(r);
                    b.approval = null;
                    Rollout cleared = b.build();
                    String why = (approve ? "approved by " : "rejected by ") + actor.name()
                            + (comment == null || comment.isBlank() ? "" : ": " + comment);
                    if (a.kind().equals("rollout")) {
                        int needed = a.evidence().get(APPROVERS_NEEDED) instanceof Number n ? n.intValue() : 1;
                        List<Approval> earlier = approve ? earlierApprovals(repo, r.id(), a.id()) : List.of();
                        if (earlier.stream().anyMatch(x -> actor.id().equals(x.decidedBy()))) {
                            throw new ConflictException("approver", actor.name() + " already approved this rollout; "
                                    + needed + " different people must");
                        }
                        long approvers = earlier.stream().map(Approval::decidedBy).distinct().count() + 1;
                        if (approve && approvers < needed) {
                            // Not enough yet: the next person decides a fresh request, which names who approved so far.
                            Map<String, Object> evidence = new LinkedHashMap<>(a.evidence());
                            List<String> names = new ArrayList<>(earlier.stream().map(Approval::decidedByName).toList());
                            names.add(actor.name());
                            evidence.put("approved_by", names);
                            transitions.awaitApproval(tx, cleared, "rollout", a.requestedBy(), a.requestedByName(),
                                    why + " (" + approvers + " of " + needed + " approvers)", evidence,
                                    RolloutState.PENDING_APPROVAL, now);
                        } else if (approve) {
                            transitions.enterStep(tx, d, cleared, 1, actor.name(), why, now);
                        } else {
                            transitions.revert(tx, d, cleared, RolloutState.ABORTED, actor.name(), why, Map.of(), now);
                        }
                    } else {
                        if (approve) transitions.promote(tx, d, cleared, actor.name(), why, Map.of("approval", id), now);
                        else transitions.revert(tx, d, cleared, RolloutState.ROLLED_BACK, actor.name(), why, Map.of(), now);
                    }
                    return new Outcome(decided, r.deployment());
                }
            }
            return new Outcome(decided, null);
        });
        if (o.deployment() != null) {
            last.remove(o.approval().subject());
            announce(o.deployment());
        }
        return o.approval();
    }

    /** Evidence key of a rollout approval: how many different people must approve (a policy's {@code approvers}). */
    static final String APPROVERS_NEEDED = "approvers_needed";

    /** The approved earlier requests to start rollout {@code rollout} (not {@code current}), first approver first. */
    private static List<Approval> earlierApprovals(DeploymentRepository repo, String rollout, String current) {
        List<Approval> out = new ArrayList<>();
        for (Approval x : repo.approvals("rollout", rollout)) { // newest first
            if (x.state() == ApprovalState.APPROVED && !x.id().equals(current)) out.add(0, x);
        }
        return out;
    }

    /** What an approver needs to decide: versions, their recorded evaluation, the rollout and its analysis so far. */
    Map<String, Object> evidence(StoreTx tx, Deployment d, Rollout r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("deployment", d.name());
        e.put("strategy", r.strategy().wire());
        e.put("stable", versionEvidence(tx, r.stable()));
        e.put("candidate", versionEvidence(tx, r.candidate()));
        e.put("steps", r.spec().steps().stream().map(s -> s.weight()).toList());
        e.put("analysis_rules", r.spec().analysis().stream().map(x -> x.name()).toList());
        List<AnalysisRun> runs = tx.deployments().analysisRuns(r.id());
        List<Object> recent = new ArrayList<>();
        for (AnalysisRun run : runs.subList(Math.max(0, runs.size() - 5), runs.size())) recent.add(evidenceOf(run));
        e.put("analysis_so_far", recent);
        e.put("failures", r.failures());
        e.put("inconclusives", r.inconclusives());
        return e;
    }

    private static Map<String, Object> versionEvidence(StoreTx tx, Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", t.version().toString());
        m.put("model", t.model().toString());
        m.put("backend", t.backend().masked().type() + " " + t.backend().url());
        tx.registry().findVersion(t.version().type(), t.version().name(), t.version().version()).ifPresent(v -> {
            m.put("stage", v.stage().name().toLowerCase(java.util.Locale.ROOT));
            m.put("created_by", v.createdBy());
            if (v.spec() instanceof ModelVersionSpec ms) {
                m.put("description", ms.description());
                m.put("evaluation_metrics", ms.metrics());
            } else if (v.spec() instanceof PromptVersionSpec ps) {
                m.put("description", ps.description());
                m.put("template", ps.template());
            }
        });
        return m;
    }

    // ---------------------------------------------------------------- helpers

    private void announce(String deployment) {
        announce(deployment, find(deployment).orElse(null));
    }

    private void announce(String name, Deployment d) {
        for (DeploymentListener l : listeners) {
            try {
                l.changed(name, d);
            } catch (RuntimeException e) {
                LOG.warn("Deployment listener {} failed", l.getClass().getName(), e);
            }
        }
        if (d != null && hosts.hosted(d.stable())) syncHost(name);
    }

    /** Brings the deployment's provider endpoint in line with its latest committed state, off this thread. */
    private void syncHost(String name) {
        try {
            hostCalls.execute(() -> {
                try {
                    hosts.sync(find(name).orElse(null), now());
                } catch (RuntimeException e) {
                    LOG.warn("Provider endpoint of deployment {} is not in line yet (retried): {}", name, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** A provider call made while a request waits: its refusal is the caller's validation error. */
    private static void hostCall(String field, Runnable call) {
        try {
            call.run();
        } catch (ValidationException e) {
            String f = e.field() == null ? "options" : e.field().startsWith("backend.") ? e.field().substring(8) : e.field();
            throw new ValidationException(field + ".backend." + f, "the provider refused it: " + e.getMessage());
        }
    }

    private String describe(Target t, String deployment) {
        return t.backend().type() + (hosts.hosted(t) ? " endpoint '" + ModelHost.endpoint(t.backend(), deployment) + "'" : "");
    }

    static Map<String, Object> view(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("project", d.project());
        m.put("stable", d.stable().version().toString());
        Backend b = d.stable().backend();
        m.put("stable_backend", b.type() + (b.url() == null ? "" : " " + b.url()));
        m.put("model", d.stable().model().toString());
        return m;
    }

    private static NotFoundException deploymentNotFound(String name) {
        return new NotFoundException("deployment", "no deployment named '" + name + "'");
    }

    private static NotFoundException rolloutNotFound(String id) {
        return new NotFoundException("id", "no rollout " + id);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
