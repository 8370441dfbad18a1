package org.aegisml.api.cost;

import java.time.LocalDate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One ledger of what models cost: infrastructure spend from every {@link CostSource} and LLM token
 * spend from the gateway's events, per project, model, version, endpoint and day, side by side,
 * with spike detection over the daily totals.
 */
@ProviderType
public interface CostLedger {

    /** The ledger for a period, grouped as asked. */
    LedgerReport report(LedgerQuery query);

    /**
     * Asks every installed cost source for {@code [from, to)} now and replaces the ledger's
     * infrastructure lines for those days and sources (the ledger also does this periodically).
     */
    SyncReport sync(LocalDate from, LocalDate to);
}
