package org.aegisml.api.provider;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The provider's own metrics for an endpoint it hosts (invocations, model latency, GPU
 * utilisation), for what the gateway cannot see: an autoscaler scaling on GPU utilisation reads
 * them here. Register with the service property {@value Provider#PROPERTY}; optional for a provider.
 */
@ConsumerType
public interface MetricsSource {

    /** Metric names every source uses for the same thing. */
    String GPU_UTILIZATION = "gpu_utilization";
    String INVOCATIONS = "invocations";
    String LATENCY_MS = "latency_ms";

    /** The {@link ModelHost#type()} whose endpoints this reports on. */
    String type();

    /** Data points of {@code metric} on {@code endpoint} in {@code [from, to)}, oldest first; empty when none. */
    List<HostMetric> metrics(String endpoint, String metric, Instant from, Instant to);
}
