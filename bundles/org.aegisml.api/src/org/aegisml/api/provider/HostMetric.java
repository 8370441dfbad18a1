package org.aegisml.api.provider;

import java.time.Instant;
import org.aegisml.api.registry.VersionRef;

/** One data point from a {@link MetricsSource}: {@code version} is null for an endpoint-wide value. */
public record HostMetric(String metric, VersionRef version, Instant at, double value) {
}
