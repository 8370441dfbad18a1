package org.aegisml.api.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * A metric series with the points that lie far from their trailing window (robust z-score:
 * 0.6745 (x - median) / MAD over the {@code window} preceding steps). Counting metrics (count,
 * errors, tokens, cost) treat a step without events as 0, so traffic that stops is an anomaly
 * too; rates and latencies skip such steps.
 */
public record Anomalies(MetricSeries series, int window, double threshold, List<Anomaly> anomalies) {
    public Anomalies {
        anomalies = List.copyOf(anomalies);
    }

    /** {@code direction} is {@code up} or {@code down}. */
    public record Anomaly(Instant time, double value, double median, double mad, double z, String direction) {
    }
}
