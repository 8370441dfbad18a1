package org.aegisml.providers.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.aegisml.api.deployment.AnalysisMetric;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.provider.HostMetric;
import org.aegisml.api.provider.MetricsSource;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Providers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Rollout analysis on the provider's own metrics of each version (CloudWatch for SageMaker, ...),
 * for hosted deployments whose calls do not pass the gateway and so leave no monitoring events:
 * {@code provider_latency_ms} (mean of the provider's latency points), {@code provider_invocations}
 * (their sum) and {@code provider_gpu_utilization} (mean, percent). A target whose host has no
 * metrics source, or no point in the window, is inconclusive, never a pass.
 */
@Component(service = AnalysisMetric.class)
public final class ProviderAnalysisMetrics implements AnalysisMetric {
    static final Map<String, String> METRICS = Map.of("provider_latency_ms", MetricsSource.LATENCY_MS,
            "provider_invocations", MetricsSource.INVOCATIONS, "provider_gpu_utilization", MetricsSource.GPU_UTILIZATION);

    private final Providers providers;

    @Activate
    public ProviderAnalysisMetrics(@Reference Providers providers) {
        this.providers = providers;
    }

    @Override
    public Set<String> metrics() {
        return METRICS.keySet();
    }

    @Override
    public Value measure(String metric, Target target, String endpoint, Instant from, Instant to) {
        String name = METRICS.get(metric);
        if (name == null || target.backend() == null) return new Value(OptionalDouble.empty(), 0);
        MetricsSource source = providers.metrics(target.backend().type()).orElse(null);
        if (source == null) return new Value(OptionalDouble.empty(), 0);
        List<HostMetric> points = source.metrics(ModelHost.endpoint(target.backend(), endpoint), name, from, to).stream()
                .filter(p -> target.version().equals(p.version())).toList();
        if (points.isEmpty()) return new Value(OptionalDouble.empty(), 0);
        double sum = points.stream().mapToDouble(HostMetric::value).sum();
        if (name.equals(MetricsSource.INVOCATIONS)) return new Value(OptionalDouble.of(sum), points.size());
        return new Value(OptionalDouble.of(sum / points.size()), points.size());
    }
}
