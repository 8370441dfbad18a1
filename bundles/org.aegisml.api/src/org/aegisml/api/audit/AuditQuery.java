package org.aegisml.api.audit;

import java.time.Instant;

import org.aegisml.api.PageRequest;

/** Filter for the audit log; null fields do not filter. {@code target} matches as a prefix. */
public record AuditQuery(String actor, String action, String target, Instant from, Instant to, PageRequest page) {
    public AuditQuery {
        if (page == null) page = PageRequest.first();
    }
}
