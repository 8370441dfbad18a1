package org.aegisml.provider.kubernetes.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.registry.VersionRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;

/**
 * {@code kubernetes} backends: each version is a Deployment, each endpoint one Service selecting
 * all its versions' pods, so traffic splits by ready pods and {@link #route} sets each version's
 * replicas in the ratio of the weights ({@link ReplicaSplit}). With the option
 * {@code traffic=gateway} each version gets a Service of its own instead and the gateway splits
 * the traffic; {@link #route} then only records the weights. Changes are JSON merge patches on
 * the Deployment (not the /scale subresource), creations are create-or-leave: repeating any call
 * changes nothing more. Names, labels and annotations are in {@link Names}; options in
 * {@link HostOptions}.
 * <p>
 * Calls that name only the endpoint look for it in the namespace of its last deploy through
 * this component, then in the configured namespace, then cluster-wide by label (when the
 * credentials may list Deployments in all namespaces).
 */
@Component(service = ModelHost.class, configurationPid = KubernetesConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = Provider.PROPERTY + "=" + KubernetesProvider.NAME)
public final class KubernetesHost implements ModelHost {
    static final String TYPE = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesHost.class);

    private final Cluster cluster;
    private final ClusterApi api;
    /** Endpoint to the namespace it was last deployed in by this component. */
    private final Map<String, String> namespaces = new ConcurrentHashMap<>();
    /** One writer per endpoint at a time: route reads every version's replicas and writes them back. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Activate
    public KubernetesHost(KubernetesConfig config) {
        this.cluster = Cluster.connect(config);
        this.api = new ClusterApi(cluster);
    }

    @Deactivate
    void close() {
        cluster.close();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Backend backend) {
        HostOptions.of(backend);
    }

    @Override
    public HostStatus deploy(Placement p) {
        if (p == null) throw new ValidationException("placement", "placement is required");
        if (p.endpoint() == null || p.endpoint().isBlank()) throw new ValidationException("endpoint", "endpoint is required");
        if (p.version() == null) throw new ValidationException("version", "version is required");
        HostOptions o = HostOptions.of(p.backend());
        cluster.api();
        String ns = o.namespace() != null ? o.namespace() : cluster.namespace();
        String name = Names.deployment(p.endpoint(), p.version());
        return locked(p.endpoint(), () -> {
            Map<VersionRef, V1Deployment> existing = versions(list(ns, p.endpoint()));
            for (V1Deployment d : existing.values()) {
                if (!o.traffic().equals(StatusReport.trafficOf(d))) {
                    throw new ConflictException("backend.options.traffic", "endpoint " + p.endpoint() + " splits traffic by "
                            + StatusReport.trafficOf(d) + " (Deployment " + d.getMetadata().getName() + "), not by "
                            + o.traffic());
                }
            }
            V1Deployment current = api.deployment(ns, name);
            if (current == null) {
                boolean first = existing.isEmpty();
                boolean gateway = HostOptions.BY_GATEWAY.equals(o.traffic());
                // By replicas a newcomer starts with no pods (no traffic); behind the gateway it runs at once, at weight 0.
                V1Deployment d = Manifests.deployment(p, o, ns, first || gateway ? p.replicas() : 0, first ? 100 : 0);
                if (api.create(ns, d) != null) {
                    LOG.info("created Deployment {} in namespace {} for {} on endpoint {} ({} replicas)", name, ns,
                            p.version(), p.endpoint(), d.getSpec().getReplicas());
                } else {
                    current = api.deployment(ns, name); // created meanwhile by a concurrent call
                }
            }
            if (current != null) updateTemplate(current, p, o, ns);
            ensureService(p, o, ns);
            namespaces.put(p.endpoint(), ns);
            return status(p.endpoint(), ns);
        });
    }

    /** The version is there: replace its pod template when the backend changed, keep replicas and weight. */
    private void updateTemplate(V1Deployment current, Placement p, HostOptions o, String ns) {
        VersionRef there = StatusReport.versionOf(current);
        if (!p.version().equals(there)) {
            throw new ConflictException("version", "Deployment " + current.getMetadata().getName()
                    + " in namespace " + ns + " runs " + (there == null ? "something AegisML did not deploy" : there)
                    + ", not " + p.version());
        }
        var wanted = Manifests.template(p, o);
        String hash = Manifests.fingerprint(wanted);
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        if (hash.equals(annotations.get(Names.TEMPLATE_HASH))) return;
        current.getSpec().setTemplate(wanted);
        annotations.put(Names.TEMPLATE_HASH, hash);
        api.replace(ns, current);
        LOG.info("replaced the pod template of Deployment {} in namespace {}", current.getMetadata().getName(), ns);
    }

    private void ensureService(Placement p, HostOptions o, String ns) {
        boolean gateway = HostOptions.BY_GATEWAY.equals(o.traffic());
        String svc = gateway ? Names.deployment(p.endpoint(), p.version()) : Names.service(p.endpoint());
        if (api.service(ns, svc) != null) return;
        V1Service wanted = gateway ? Manifests.versionService(p, ns, o.port())
                : Manifests.service(p.endpoint(), ns, o.port(), p.project());
        if (api.create(ns, wanted) != null) LOG.info("created Service {} in namespace {} for endpoint {}", svc, ns, p.endpoint());
    }

    @Override
    public HostStatus route(String endpoint, Map<VersionRef, Integer> weights) {
        if (weights == null || weights.isEmpty()) throw new ValidationException("weights", "weights are required");
        int sum = 0;
        for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
            if (w.getKey() == null || w.getValue() == null) throw new ValidationException("weights", "a weight has no version or value");
            if (w.getValue() < 0 || w.getValue() > 100) {
                throw new ValidationException("weights", "the weight of " + w.getKey() + " must be 0 to 100, got " + w.getValue());
            }
            sum += w.getValue();
        }
        if (sum != 100) throw new ValidationException("weights", "weights must sum to 100, got " + sum);
        String ns = locate(endpoint);
        return locked(endpoint, () -> {
            Map<VersionRef, V1Deployment> byVersion = versions(list(ns, endpoint));
            if (byVersion.isEmpty()) throw unknown(endpoint);
            for (VersionRef v : weights.keySet()) {
                if (!byVersion.containsKey(v)) {
                    throw new ValidationException("weights", v + " is not deployed on endpoint " + endpoint);
                }
            }
            Map<VersionRef, Integer> all = new LinkedHashMap<>();
            int total = 0;
            for (Map.Entry<VersionRef, V1Deployment> e : byVersion.entrySet()) {
                all.put(e.getKey(), weights.getOrDefault(e.getKey(), 0));
                total += replicas(e.getValue());
            }
            if (byVersion.values().stream().anyMatch(d -> HostOptions.BY_GATEWAY.equals(StatusReport.trafficOf(d)))) {
                // The gateway splits the traffic: record the weights, leave every version's pods as they are.
                for (Map.Entry<VersionRef, V1Deployment> e : byVersion.entrySet()) {
                    int w = all.get(e.getKey());
                    if (w == StatusReport.weightOf(e.getValue())) continue;
                    api.mergePatch(ns, e.getValue().getMetadata().getName(),
                            "{\"metadata\":{\"annotations\":{\"" + Names.WEIGHT + "\":\"" + w + "\"}}}");
                    LOG.info("endpoint {}: {} at weight {} (split by the gateway)", endpoint, e.getKey(), w);
                }
                return status(endpoint, ns);
            }
            Map<VersionRef, Integer> split = ReplicaSplit.split(all, total);
            // Grow before shrinking, so that the endpoint never has fewer pods than both before and after.
            List<VersionRef> order = new ArrayList<>(split.keySet());
            order.sort(Comparator.comparingInt(v -> split.get(v) > replicas(byVersion.get(v)) ? 0 : 1));
            for (VersionRef v : order) {
                V1Deployment d = byVersion.get(v);
                int r = split.get(v);
                int w = all.get(v);
                if (r == replicas(d) && w == StatusReport.weightOf(d)) continue;
                api.mergePatch(ns, d.getMetadata().getName(), "{\"metadata\":{\"annotations\":{\"" + Names.WEIGHT + "\":\""
                        + w + "\"}},\"spec\":{\"replicas\":" + r + "}}");
                LOG.info("endpoint {}: {} at weight {} with {} replicas", endpoint, v, w, r);
            }
            return status(endpoint, ns);
        });
    }

    @Override
    public HostStatus scale(String endpoint, VersionRef version, int replicas) {
        if (version == null) throw new ValidationException("version", "version is required");
        if (replicas < 0) throw new ValidationException("replicas", "replicas must be 0 or more, got " + replicas);
        String ns = locate(endpoint);
        String name = Names.deployment(endpoint, version);
        return locked(endpoint, () -> {
            V1Deployment d = api.deployment(ns, name);
            if (d == null || !version.equals(StatusReport.versionOf(d))) {
                throw new NotFoundException("version", version + " is not deployed on endpoint " + endpoint);
            }
            if (replicas(d) != replicas) {
                api.mergePatch(ns, name, "{\"spec\":{\"replicas\":" + replicas + "}}");
                LOG.info("endpoint {}: {} scaled to {} replicas", endpoint, version, replicas);
            }
            return status(endpoint, ns);
        });
    }

    @Override
    public HostStatus status(String endpoint) {
        return status(endpoint, locate(endpoint));
    }

    @Override
    public void undeploy(String endpoint, VersionRef version) {
        if (version == null) throw new ValidationException("version", "version is required");
        String ns = locateOrNull(endpoint);
        if (ns == null) return;
        String name = Names.deployment(endpoint, version);
        locked(endpoint, () -> {
            V1Deployment d = api.deployment(ns, name);
            if (d != null && version.equals(StatusReport.versionOf(d))) {
                api.deleteDeployment(ns, name);
                LOG.info("deleted Deployment {} in namespace {} ({} on endpoint {})", name, ns, version, endpoint);
                if (HostOptions.BY_GATEWAY.equals(StatusReport.trafficOf(d))) api.deleteService(ns, name);
            }
            if (versions(list(ns, endpoint)).isEmpty()) {
                String svc = Names.service(endpoint);
                if (api.deleteService(ns, svc)) {
                    LOG.info("deleted Service {} in namespace {}: endpoint {} has no version left", svc, ns, endpoint);
                }
                namespaces.remove(endpoint);
            }
            return null;
        });
    }

    private HostStatus status(String endpoint, String ns) {
        List<V1Deployment> deployments = list(ns, endpoint);
        Map<VersionRef, V1Deployment> byVersion = versions(deployments);
        if (byVersion.isEmpty()) throw unknown(endpoint);
        // Behind the gateway every version needs its own Service; by replicas the endpoint needs its one.
        List<String> services = byVersion.values().stream().anyMatch(d -> HostOptions.BY_GATEWAY.equals(StatusReport.trafficOf(d)))
                ? byVersion.values().stream().map(d -> d.getMetadata().getName()).toList()
                : List.of(Names.service(endpoint));
        boolean serving = services.stream().allMatch(svc -> api.service(ns, svc) != null);
        return StatusReport.of(endpoint, deployments, serving, api.events(ns));
    }

    /** The endpoint's namespace; {@link NotFoundException} when no version of it runs anywhere we can see. */
    private String locate(String endpoint) {
        String ns = locateOrNull(endpoint);
        if (ns == null) throw unknown(endpoint);
        return ns;
    }

    private String locateOrNull(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) throw new ValidationException("endpoint", "endpoint is required");
        cluster.api();
        String known = namespaces.get(endpoint);
        if (known != null && !list(known, endpoint).isEmpty()) return known;
        if (!list(cluster.namespace(), endpoint).isEmpty()) return cluster.namespace();
        return api.namespaceOf(Names.endpointSelector(endpoint));
    }

    private List<V1Deployment> list(String ns, String endpoint) {
        return api.deployments(ns, Names.endpointSelector(endpoint));
    }

    /** The Deployments that carry an AegisML version, by version, in version order (for deterministic ties). */
    private static Map<VersionRef, V1Deployment> versions(List<V1Deployment> deployments) {
        Map<VersionRef, V1Deployment> m = new TreeMap<>(Comparator.comparing(VersionRef::type)
                .thenComparing(VersionRef::name).thenComparingInt(VersionRef::version));
        for (V1Deployment d : deployments) {
            VersionRef v = StatusReport.versionOf(d);
            if (v != null) m.put(v, d);
        }
        return m;
    }

    private static int replicas(V1Deployment d) {
        Integer r = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return r == null ? 1 : r; // Kubernetes' default
    }

    private static NotFoundException unknown(String endpoint) {
        return new NotFoundException("endpoint", "no Kubernetes endpoint " + endpoint + " (no Deployment labelled "
                + Names.ENDPOINT + "=" + Names.service(endpoint) + ")");
    }

    private <T> T locked(String endpoint, Supplier<T> body) {
        ReentrantLock l = locks.computeIfAbsent(endpoint, e -> new ReentrantLock());
        l.lock();
        try {
            return body.get();
        } finally {
            l.unlock();
        }
    }
}
