package org.aegisml.api.audit;

import java.time.Instant;

/**
 * One audit log entry. {@code hash} is the SHA-256 (hex) of this entry's fields together with
 * {@code prevHash}, the hash of the entry before it, so altering or removing any entry breaks
 * every hash after it. {@code before} and {@code after} are JSON documents, or null.
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String before,
        String after, String prevHash, String hash) {
}
