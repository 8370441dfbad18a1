package org.aegisml.gateway.internal;

import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentListener;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.security.Actor;
import org.aegisml.testing.TestRuntime;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The deployments the gateway tests route by, held in memory and registered as the
 * {@link Deployments} service (ranked above any other) by the tests bundle only: the gateway
 * reads them through the service and hears of changes through its listener exactly as it
 * would from the real deployment service. Rollouts are not its business: a test sets the
 * routing directly with {@link #route}, announcing the change or leaving it to the poll.
 */
final class TestDeployments implements Deployments {
    private final Map<String, Deployment> byName = new TreeMap<>();
    private final ServiceTracker<DeploymentListener, DeploymentListener> listeners;
    private static TestDeployments instance;
    private ServiceRegistration<Deployments> registration;

    private TestDeployments() {
        listeners = new ServiceTracker<>(TestRuntime.context(), DeploymentListener.class, null);
        listeners.open();
    }

    static synchronized TestDeployments register() {
        if (instance == null) {
            instance = new TestDeployments();
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(Constants.SERVICE_RANKING, 1000);
            p.put("aegisml.test", true);
            instance.registration = TestRuntime.context().registerService(Deployments.class, instance, p);
        }
        return instance;
    }

    /** Takes the service away, so that the gateway binds the real deployment service (if installed). */
    static synchronized void unregister() {
        if (instance != null) {
            instance.registration.unregister();
            instance.listeners.close();
            instance = null;
        }
    }

    @Override
    public synchronized Deployment create(DeploymentSpec spec, Actor actor) {
        Target s = spec.stable();
        Target stable = s.model() != null || s.isPrompt() ? s : new Target(s.version(), s.backend(), s.version());
        Instant now = Instant.now();
        Deployment d = new Deployment(spec.name(), spec.description(), spec.project(), stable, null, Routing.STABLE_ONLY,
                spec.capture() == null ? Capture.DEFAULT : spec.capture(), null, null, null, actor.name(), now, now, 1);
        byName.put(d.name(), d);
        announce(d.name(), d);
        return d;
    }

    /** Sets a deployment's candidate and routing as a rollout would; {@code announce} false leaves it to the gateway's poll. */
    synchronized Deployment route(String name, Target candidate, Routing routing, String rollout, boolean announce) {
        Deployment d = byName.get(name);
        if (d == null) throw new NotFoundException("deployment", name);
        Target c = candidate == null || candidate.model() != null || candidate.version().type() != AssetType.MODEL ? candidate
                : new Target(candidate.version(), candidate.backend(), candidate.version());
        Deployment next = new Deployment(d.name(), d.description(), d.project(), d.stable(), c, routing, d.capture(), rollout,
                d.previous(), d.previousWarmUntil(), d.createdBy(), d.createdAt(), Instant.now(), d.revision() + 1);
        byName.put(name, next);
        if (announce) announce(name, next);
        return next;
    }

    private void announce(String name, Deployment d) {
        for (DeploymentListener l : listeners.getServices(new DeploymentListener[0])) l.changed(name, d);
    }

    @Override
    public synchronized Optional<Deployment> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public synchronized List<Deployment> list() {
        return List.copyOf(byName.values());
    }

    @Override
    public synchronized void delete(String name, Actor actor) {
        if (byName.remove(name) == null) throw new NotFoundException("deployment", name);
        announce(name, null);
    }

    @Override
    public Rollout startRollout(String deployment, RolloutSpec spec, Actor actor) {
        throw new UnsupportedOperationException("rollouts are not part of the gateway tests");
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        return Optional.empty();
    }

    @Override
    public List<Rollout> rollouts(String deployment) {
        return List.of();
    }

    @Override
    public Rollout act(String rollout, RolloutAction action, String reason, Actor actor) {
        throw new UnsupportedOperationException("rollouts are not part of the gateway tests");
    }

    @Override
    public Health health(String deployment) {
        throw new UnsupportedOperationException("health is not part of the gateway tests");
    }

    @Override
    public void reconcile(Instant now) {
    }
}
