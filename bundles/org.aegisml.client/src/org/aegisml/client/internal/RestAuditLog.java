package org.aegisml.client.internal;

import org.aegisml.api.Page;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditVerification;

/** {@link AuditLog} over {@code /api/v1/audit}: entries and the verification exactly as the server writes them. */
final class RestAuditLog implements AuditLog {
    private final RestClient http;

    RestAuditLog(RestClient http) {
        this.http = http;
    }

    @Override
    public Page<AuditEntry> list(AuditQuery q) {
        AuditQuery query = q == null ? new AuditQuery(null, null, null, null, null, null) : q;
        Query params = Query.of().add("actor", query.actor()).add("action", query.action()).add("target", query.target())
                .add("from", query.from()).add("to", query.to()).page(query.page());
        return Wire.page(http.get(params.on("/api/v1/audit")), n -> Wire.read(n, AuditEntry.class));
    }

    @Override
    public AuditVerification verify() {
        return Wire.read(http.get("/api/v1/audit/verify"), AuditVerification.class);
    }

    @Override
    public String toString() {
        return "RestAuditLog[" + http.server() + "]";
    }
}
