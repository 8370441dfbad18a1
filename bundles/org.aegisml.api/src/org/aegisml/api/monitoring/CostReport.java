package org.aegisml.api.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * Spend per day and group, and the spikes: days whose spend lies far above the group's
 * trailing baseline (robust z-score over the preceding 14 days, upward only). Costs are in the
 * models' price currencies; events carry their own or are priced from the price table.
 * {@code key} is the group's name: a model, {@code model:version}, {@code model/endpoint}, or
 * a project ({@code unassigned} for events without {@code project_id}).
 */
public record CostReport(Instant from, Instant to, CostQuery.GroupBy groupBy, double total, List<Day> days,
        List<Spike> spikes) {
    public CostReport {
        days = List.copyOf(days);
        spikes = List.copyOf(spikes);
    }

    public record Day(Instant day, String key, double cost, long inputTokens, long outputTokens, long events) {
    }

    public record Spike(Instant day, String key, double cost, double median, double z) {
    }
}
