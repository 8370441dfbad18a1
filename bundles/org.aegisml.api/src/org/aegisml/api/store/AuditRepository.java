package org.aegisml.api.store;

import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditRecord;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Appends to the audit chain. Appends are serialized across the whole database (and across
 * server replicas): each entry links to the one committed before it.
 */
@ProviderType
public interface AuditRepository {
    AuditEntry append(AuditRecord record);
}
