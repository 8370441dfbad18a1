package org.aegisml.providers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.provider.MetricsSource;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.api.provider.ProviderInfo;
import org.aegisml.api.provider.Providers;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the installed provider bundles offer, tracked as whiteboard services: a provider bundle
 * installed or removed at runtime appears in or disappears from the list at once. Health is
 * asked of every provider in parallel, each bounded by {@link #HEALTH_TIMEOUT}, so one provider
 * that hangs (a cloud that does not answer) cannot stall the listing or the others.
 */
@Component(service = Providers.class)
public final class ProvidersService implements Providers {
    private static final Logger LOG = LoggerFactory.getLogger(ProvidersService.class);
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private record Entry<T>(T service, ServiceReference<?> ref) {
        String provider() {
            Object p = ref.getProperty(Provider.PROPERTY);
            return p == null ? null : p.toString();
        }
    }

    private final Map<Provider, Entry<Provider>> providers = new ConcurrentHashMap<>();
    private final Map<ModelHost, Entry<ModelHost>> hosts = new ConcurrentHashMap<>();
    private final Map<CostSource, Entry<CostSource>> costs = new ConcurrentHashMap<>();
    private final Map<MetricsSource, Entry<MetricsSource>> metrics = new ConcurrentHashMap<>();
    private final Map<ArtifactStore, Entry<ArtifactStore>> stores = new ConcurrentHashMap<>();
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();

    @Deactivate
    void stop() {
        checks.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(Provider p, ServiceReference<Provider> ref) {
        providers.put(p, new Entry<>(p, ref));
        LOG.info("Provider {} is installed ({})", p.name(), ref.getBundle().getSymbolicName());
    }

    void removeProvider(Provider p) {
        if (providers.remove(p) != null) LOG.info("Provider {} was removed", p.name());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHost(ModelHost h, ServiceReference<ModelHost> ref) {
        hosts.put(h, new Entry<>(h, ref));
    }

    void removeHost(ModelHost h) {
        hosts.remove(h);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCostSource(CostSource c, ServiceReference<CostSource> ref) {
        costs.put(c, new Entry<>(c, ref));
    }

    void removeCostSource(CostSource c) {
        costs.remove(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMetricsSource(MetricsSource m, ServiceReference<MetricsSource> ref) {
        metrics.put(m, new Entry<>(m, ref));
    }

    void removeMetricsSource(MetricsSource m) {
        metrics.remove(m);
    }

    /** Only object stores a provider contributes; the local store is the store bundle's. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Provider.PROPERTY + "=*)")
    void addArtifactStore(ArtifactStore s, ServiceReference<ArtifactStore> ref) {
        stores.put(s, new Entry<>(s, ref));
    }

    void removeArtifactStore(ArtifactStore s) {
        stores.remove(s);
    }

    @Override
    public List<ProviderInfo> list() {
        List<Entry<Provider>> all = new ArrayList<>(providers.values());
        List<CompletableFuture<ProviderHealth>> health = new ArrayList<>();
        for (Entry<Provider> e : all) health.add(CompletableFuture.supplyAsync(() -> check(e.service()), checks));
        List<ProviderInfo> out = new ArrayList<>();
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        for (int i = 0; i < all.size(); i++) {
            out.add(info(all.get(i), await(all.get(i).service(), health.get(i), deadline)));
        }
        out.sort(Comparator.comparing(ProviderInfo::name));
        return out;
    }

    @Override
    public Optional<ProviderInfo> find(String name) {
        for (Entry<Provider> e : providers.values()) {
            if (e.service().name().equals(name)) {
                var h = CompletableFuture.supplyAsync(() -> check(e.service()), checks);
                return Optional.of(info(e, await(e.service(), h, System.nanoTime() + HEALTH_TIMEOUT.toNanos())));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<ModelHost> host(String type) {
        return hosts.keySet().stream().filter(h -> h.type().equals(type)).findFirst();
    }

    @Override
    public Optional<MetricsSource> metrics(String type) {
        return metrics.keySet().stream().filter(m -> m.type().equals(type)).findFirst();
    }

    private ProviderInfo info(Entry<Provider> e, ProviderHealth health) {
        String name = e.service().name();
        TreeSet<String> caps = new TreeSet<>();
        for (Entry<ModelHost> h : hosts.values()) if (name.equals(h.provider())) caps.add("model-host:" + h.service().type());
        for (Entry<CostSource> c : costs.values()) if (name.equals(c.provider())) caps.add("cost-source");
        for (Entry<MetricsSource> m : metrics.values()) {
            if (name.equals(m.provider())) caps.add("metrics-source:" + m.service().type());
        }
        for (Entry<ArtifactStore> s : stores.values()) {
            if (name.equals(s.provider())) caps.add("artifact-store:" + s.service().scheme());
        }
        Bundle b = e.ref().getBundle();
        return new ProviderInfo(name, e.service().title(), b == null ? null : b.getSymbolicName(),
                b == null ? null : b.getVersion().toString(), List.copyOf(caps), health);
    }

    /** A provider's own health check, which must not throw: if it does, that is its health. */
    private static ProviderHealth check(Provider p) {
        try {
            ProviderHealth h = p.health();
            return h != null ? h : new ProviderHealth(ProviderHealth.Status.UNREACHABLE, "the provider reported nothing",
                    Instant.now());
        } catch (RuntimeException e) {
            return new ProviderHealth(ProviderHealth.Status.UNREACHABLE, "the health check failed: " + e.getMessage(),
                    Instant.now());
        }
    }

    private static ProviderHealth await(Provider p, CompletableFuture<ProviderHealth> f, long deadline) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new ProviderHealth(ProviderHealth.Status.UNREACHABLE, "no answer within " + HEALTH_TIMEOUT.toSeconds()
                    + " s", Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderHealth(ProviderHealth.Status.UNREACHABLE, "interrupted", Instant.now());
        } catch (java.util.concurrent.ExecutionException e) {
            return new ProviderHealth(ProviderHealth.Status.UNREACHABLE, String.valueOf(e.getCause()), Instant.now());
        }
    }
}
