package org.aegisml.api.audit;

/**
 * Result of walking the whole chain. When {@code valid} is false, {@code firstBadSeq} is the
 * first entry whose stored hash or link does not match what its content implies.
 */
public record AuditVerification(boolean valid, long entriesChecked, Long firstBadSeq, String reason, String headHash) {
}
