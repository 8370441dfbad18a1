package org.aegisml.api.provider;

import java.util.Locale;

/**
 * What an autoscaler keeps near its target: requests waiting or in flight at the gateway per
 * replica, the stable version's p95 latency in milliseconds (from monitoring), or GPU
 * utilisation in percent (from the provider's {@link MetricsSource}).
 */
public enum ScalingMetric {
    QUEUE_LENGTH, LATENCY_P95, GPU_UTILIZATION;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScalingMetric parse(String s) {
        if (s == null) return null;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
