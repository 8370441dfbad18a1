package org.aegisml.api.cost;

import java.time.LocalDate;

/**
 * A period {@code [from, to)} of UTC days, grouped by {@code groupBy}, optionally only one
 * project or one model.
 */
public record LedgerQuery(LocalDate from, LocalDate to, GroupBy groupBy, String project, String model) {

    public enum GroupBy {
        PROJECT, MODEL, VERSION, ENDPOINT
    }
}
