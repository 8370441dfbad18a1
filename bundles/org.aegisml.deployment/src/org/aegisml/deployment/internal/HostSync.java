package org.aegisml.deployment.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.AegisException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.registry.VersionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a provider's endpoint in line with a hosted deployment: the versions that must run there
 * (stable, candidate, and the previous stable while it is kept warm for a rollback) are deployed,
 * the provider's traffic split equals the deployment's routing, and every other version the
 * endpoint serves is removed. Level-triggered and idempotent, so it is simply repeated: after each
 * change this process makes, and periodically for changes other replicas made or a provider call
 * that failed.
 */
final class HostSync {
    private static final Logger LOG = LoggerFactory.getLogger(HostSync.class);
    static final String REPLICAS_OPTION = "replicas";

    private final List<ModelHost> hosts = new CopyOnWriteArrayList<>();
    /**
     * Versions being placed for a rollout that is not written yet: a sync running meanwhile reads
     * the deployment without them and must not remove what the rollout is about to use.
     */
    private final java.util.Set<String> placing = ConcurrentHashMap.newKeySet();

    /** The last outcome per deployment, for its health and for the rollout controller. */
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    /** What the last sync of a deployment found: the provider's answer, or why it could not be reached. */
    record Outcome(Instant at, HostStatus status, String error, boolean permanent) {
    }

    void add(ModelHost h) {
        hosts.add(h);
    }

    void remove(ModelHost h) {
        hosts.remove(h);
    }

    ModelHost host(String type) {
        for (ModelHost h : hosts) {
            if (h.type().equals(type)) return h;
        }
        return null;
    }

    String installed() {
        TreeSet<String> types = new TreeSet<>();
        for (ModelHost h : hosts) types.add(h.type());
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    boolean hosted(Target t) {
        return t != null && t.backend() != null && host(t.backend().type()) != null;
    }

    Optional<Outcome> outcome(String deployment) {
        return Optional.ofNullable(outcomes.get(deployment));
    }

    void forget(String deployment) {
        outcomes.remove(deployment);
    }

    static String endpoint(Deployment d) {
        return ModelHost.endpoint(d.stable().backend(), d.name());
    }

    static int replicas(Backend b) {
        String r = b.options().get(REPLICAS_OPTION);
        if (r == null || r.isBlank()) return 1;
        try {
            int n = Integer.parseInt(r.strip());
            if (n >= 1 && n <= 1000) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("backend.options.replicas", "replicas must be a whole number from 1 to 1000, not '" + r + "'");
    }

    /** Deploys one version on the deployment's endpoint now (at weight 0 when the endpoint serves others). */
    HostStatus place(ModelHost host, String endpoint, Target t, String project) {
        return host.deploy(new Placement(endpoint, t.version(), t.backend(), replicas(t.backend()), project));
    }

    /** Marks a version that a rollout being started places and will write (see {@link #placing}); undo with {@link #placed}. */
    void placing(String endpoint, VersionRef v) {
        placing.add(endpoint + " " + v);
    }

    void placed(String endpoint, VersionRef v) {
        placing.remove(endpoint + " " + v);
    }

    /**
     * One pass for one deployment; returns the provider's state after it, or null when the
     * deployment is not hosted. Failures are recorded (see {@link #outcome}) and rethrown.
     */
    HostStatus sync(Deployment d, Instant now) {
        if (d == null || !hosted(d.stable())) return null;
        ModelHost host = host(d.stable().backend().type());
        String endpoint = endpoint(d);
        try {
            HostStatus after = apply(host, endpoint, d, now);
            outcomes.put(d.name(), new Outcome(now, after, null, false));
            return after;
        } catch (AegisException | IllegalArgumentException | IllegalStateException e) {
            boolean permanent = e instanceof ValidationException || e instanceof NotFoundException
                    || e instanceof IllegalArgumentException;
            outcomes.put(d.name(), new Outcome(now, outcomes.containsKey(d.name()) ? outcomes.get(d.name()).status() : null,
                    host.type() + " endpoint '" + endpoint + "': " + e.getMessage(), permanent));
            throw e;
        }
    }

    private HostStatus apply(ModelHost host, String endpoint, Deployment d, Instant now) {
        Map<VersionRef, Target> wanted = new LinkedHashMap<>();
        wanted.put(d.stable().version(), d.stable());
        if (d.candidate() != null) wanted.put(d.candidate().version(), d.candidate());
        if (d.previous() != null && d.previousWarmUntil() != null && now.isBefore(d.previousWarmUntil())
                && sameHost(d.stable(), d.previous(), d.name())) {
            wanted.putIfAbsent(d.previous().version(), d.previous());
        }
        HostStatus status = statusOrNull(host, endpoint);
        for (Target t : wanted.values()) {
            if (status == null || status.variant(t.version()) == null) {
                status = place(host, endpoint, t, d.project());
            }
        }
        Map<VersionRef, Integer> weights = weights(d);
        if (!matches(status, weights)) status = host.route(endpoint, weights);
        for (HostStatus.Variant v : status.versions()) {
            if (!wanted.containsKey(v.version()) && !placing.contains(endpoint + " " + v.version())) {
                host.undeploy(endpoint, v.version());
                LOG.info("Removed {} from {} endpoint '{}' (no longer stable, candidate or kept warm)", v.version(),
                        host.type(), endpoint);
            }
        }
        return host.status(endpoint);
    }

    /** The provider-side split the deployment's routing means: the candidate's live share, the rest to the stable. */
    static Map<VersionRef, Integer> weights(Deployment d) {
        Map<VersionRef, Integer> w = new LinkedHashMap<>();
        int candidate = d.candidate() == null ? 0 : d.routing().candidateWeight();
        w.put(d.stable().version(), 100 - candidate);
        if (d.candidate() != null) w.put(d.candidate().version(), candidate);
        return w;
    }

    static boolean matches(HostStatus status, Map<VersionRef, Integer> weights) {
        for (HostStatus.Variant v : status.versions()) {
            if (v.weight() != weights.getOrDefault(v.version(), 0)) return false;
        }
        for (VersionRef v : weights.keySet()) {
            if (status.variant(v) == null) return false;
        }
        return true;
    }

    private static HostStatus statusOrNull(ModelHost host, String endpoint) {
        try {
            return host.status(endpoint);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Whether two targets are served by the same model host endpoint (so one split covers both). */
    static boolean sameHost(Target a, Target b, String deployment) {
        return a.backend().type().equals(b.backend().type())
                && ModelHost.endpoint(a.backend(), deployment).equals(ModelHost.endpoint(b.backend(), deployment));
    }

    /** Every endpoint this deployment's targets use, for removal with the deployment. */
    void remove(Deployment d) {
        if (d == null || !hosted(d.stable())) return;
        ModelHost host = host(d.stable().backend().type());
        String endpoint = endpoint(d);
        HostStatus status = statusOrNull(host, endpoint);
        if (status == null) return;
        for (HostStatus.Variant v : status.versions()) host.undeploy(endpoint, v.version());
        outcomes.remove(d.name());
    }
}
