package org.aegisml.api.cost;

import java.time.LocalDate;
import java.util.Map;

/**
 * What one {@link CostLedger#sync} did: lines taken per source, and the sources that failed with
 * the reason (the others' lines were still taken).
 */
public record SyncReport(LocalDate from, LocalDate to, Map<String, Integer> lines, Map<String, String> failures) {
    public SyncReport {
        lines = Map.copyOf(lines);
        failures = Map.copyOf(failures);
    }
}
