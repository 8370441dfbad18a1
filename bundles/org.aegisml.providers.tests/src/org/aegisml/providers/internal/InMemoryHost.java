package org.aegisml.providers.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.registry.VersionRef;

/**
 * A provider's serving infrastructure held in memory, with the semantics the {@link ModelHost}
 * contract asks of a real one (the real providers are tested against their emulators in their
 * own bundles): it refuses weights that do not add up or name versions it does not run, and it
 * records every call so a test can see what the controller asked of it and in which order.
 */
final class InMemoryHost implements ModelHost {
    final String type;
    final Map<String, Map<VersionRef, int[]>> endpoints = new LinkedHashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    InMemoryHost(String type) {
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public void validate(Backend backend) {
        if (!backend.options().containsKey("image")) throw new ValidationException("backend.options.image", "image is required");
    }

    @Override
    public synchronized HostStatus deploy(Placement p) {
        Map<VersionRef, int[]> e = endpoints.computeIfAbsent(p.endpoint(), k -> new LinkedHashMap<>());
        if (!e.containsKey(p.version())) {
            e.put(p.version(), new int[] {e.isEmpty() ? 100 : 0, p.replicas()});
            calls.add("deploy " + p.version().version());
        }
        return status(p.endpoint());
    }

    @Override
    public synchronized HostStatus route(String endpoint, Map<VersionRef, Integer> weights) {
        Map<VersionRef, int[]> e = endpoint(endpoint);
        int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != 100) throw new ValidationException("weights", "weights add up to " + sum);
        for (VersionRef v : weights.keySet()) {
            if (!e.containsKey(v)) throw new ValidationException("weights", v + " is not deployed on " + endpoint);
        }
        e.forEach((v, s) -> s[0] = weights.getOrDefault(v, 0));
        StringBuilder b = new StringBuilder("route");
        weights.forEach((v, w) -> b.append(' ').append(v.version()).append('=').append(w));
        calls.add(b.toString());
        return status(endpoint);
    }

    @Override
    public synchronized HostStatus scale(String endpoint, VersionRef version, int replicas) {
        int[] s = endpoint(endpoint).get(version);
        if (s == null) throw new NotFoundException("version", version + " is not on " + endpoint);
        s[1] = replicas;
        calls.add("scale " + version.version() + "=" + replicas);
        return status(endpoint);
    }

    @Override
    public synchronized HostStatus status(String endpoint) {
        List<HostStatus.Variant> vs = new ArrayList<>();
        endpoint(endpoint).forEach((v, s) -> vs.add(new HostStatus.Variant(v, "v" + v.version(), s[0], s[1], s[1], true, null)));
        return new HostStatus(endpoint, "InService", true, vs, List.of(), Instant.now());
    }

    @Override
    public synchronized void undeploy(String endpoint, VersionRef version) {
        Map<VersionRef, int[]> e = endpoints.get(endpoint);
        if (e == null || e.remove(version) == null) return;
        calls.add("undeploy " + version.version());
        if (e.isEmpty()) endpoints.remove(endpoint);
    }

    private Map<VersionRef, int[]> endpoint(String endpoint) {
        Map<VersionRef, int[]> e = endpoints.get(endpoint);
        if (e == null) throw new NotFoundException("endpoint", "no endpoint " + endpoint);
        return e;
    }

    /** Weight per version number now, e.g. {1=90, 2=10}. */
    synchronized Map<Integer, Integer> weights(String endpoint) {
        Map<Integer, Integer> w = new LinkedHashMap<>();
        Map<VersionRef, int[]> e = endpoints.get(endpoint);
        if (e != null) e.forEach((v, s) -> w.put(v.version(), s[0]));
        return w;
    }

    synchronized int replicas(String endpoint, int version) {
        Map<VersionRef, int[]> e = endpoints.get(endpoint);
        if (e == null) return 0;
        for (var x : e.entrySet()) if (x.getKey().version() == version) return x.getValue()[1];
        return 0;
    }
}
