package org.aegisml.api.cost;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The ledger for a period: one row per day and group with token and infrastructure spend side by
 * side, and the spikes (days whose total lies far above the group's trailing baseline). Amounts
 * are in {@code currency}; lines in other currencies are listed in {@code otherCurrencies} and
 * not added up.
 */
public record LedgerReport(LocalDate from, LocalDate to, LedgerQuery.GroupBy groupBy, String currency, double tokens,
        double infrastructure, List<Row> rows, List<Spike> spikes, Map<String, Double> otherCurrencies) {

    public LedgerReport {
        rows = List.copyOf(rows);
        spikes = List.copyOf(spikes);
        otherCurrencies = Map.copyOf(otherCurrencies);
    }

    /**
     * {@code key} names the group (a project, a model, {@code model:version} or an endpoint;
     * {@code unattributed} for spend without tags); {@code bySource} splits the infrastructure
     * spend per provider.
     */
    public record Row(LocalDate day, String key, double tokens, double infrastructure, Map<String, Double> bySource) {
        public Row {
            bySource = Map.copyOf(bySource);
        }

        public double total() {
            return tokens + infrastructure;
        }
    }

    /** A day whose total is far above the group's median of the preceding days (robust z-score). */
    public record Spike(LocalDate day, String key, double total, double median, double z) {
    }
}
