package org.aegisml.api.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A metric in time order; a step without events has no point (not a zero). */
public record MetricSeries(String model, int version, String endpoint, Arm arm, Metric metric, Duration step,
        List<Point> points) {
    public record Point(Instant time, double value, long count) {
    }

    public MetricSeries {
        points = List.copyOf(points);
    }
}
