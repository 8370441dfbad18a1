package org.aegisml.api.audit;

/** What a writer hands to the audit log; sequence, time and hashes are assigned on append. */
public record AuditRecord(String actor, String action, String target, String before, String after) {
}
