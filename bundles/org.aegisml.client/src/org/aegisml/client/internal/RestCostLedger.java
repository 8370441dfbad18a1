package org.aegisml.client.internal;

import java.time.LocalDate;
import java.util.Locale;

import org.aegisml.api.cost.CostLedger;
import org.aegisml.api.cost.LedgerQuery;
import org.aegisml.api.cost.LedgerReport;
import org.aegisml.api.cost.SyncReport;

/** {@link CostLedger} over {@code /api/v1/costs/ledger}: the server's report as it writes it. */
final class RestCostLedger implements CostLedger {
    private final RestClient http;

    RestCostLedger(RestClient http) {
        this.http = http;
    }

    @Override
    public LedgerReport report(LedgerQuery q) {
        Query params = Query.of().add("from", q.from()).add("to", q.to())
                .add("group_by", q.groupBy() == null ? null : q.groupBy().name().toLowerCase(Locale.ROOT))
                .add("model", q.model()).add("project", q.project());
        return Wire.read(http.get(params.on("/api/v1/costs/ledger")), LedgerReport.class);
    }

    @Override
    public SyncReport sync(LocalDate from, LocalDate to) {
        return Wire.read(http.send("POST", Query.of().add("from", from).add("to", to).on("/api/v1/costs/ledger/sync"), null),
                SyncReport.class);
    }

    @Override
    public String toString() {
        return "RestCostLedger[" + http.server() + "]";
    }
}
