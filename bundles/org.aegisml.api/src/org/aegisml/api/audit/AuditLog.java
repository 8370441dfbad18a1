package org.aegisml.api.audit;

import org.aegisml.api.Page;
import org.osgi.annotation.versioning.ProviderType;

/** Read side of the audit log. Appends happen inside the store's write transactions. */
@ProviderType
public interface AuditLog {
    /** Entries newest first. */
    Page<AuditEntry> list(AuditQuery query);

    AuditVerification verify();
}
