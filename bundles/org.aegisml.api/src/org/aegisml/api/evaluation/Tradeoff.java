package org.aegisml.api.evaluation;

import java.util.List;

import org.aegisml.api.registry.VersionRef;

/** Cost against quality of every evaluated version of one asset on one dataset version. */
public record Tradeoff(String metric, boolean higherIsBetter, VersionRef dataset, List<TradeoffPoint> points) {
    public Tradeoff {
        points = List.copyOf(points);
    }
}
