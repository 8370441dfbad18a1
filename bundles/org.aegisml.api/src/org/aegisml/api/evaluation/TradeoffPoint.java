package org.aegisml.api.evaluation;

import org.aegisml.api.registry.VersionRef;

/**
 * One version on the cost/quality plane: its newest run's quality metric, cost per 1,000
 * requests, latency percentiles, and whether no other version is at least as good on all
 * three (quality, cost, p95 latency) and better on one: the Pareto-optimal set.
 */
public record TradeoffPoint(VersionRef version, String run, Double quality, Double costPer1k, Double latencyP50,
        Double latencyP95, boolean pareto) {
}
