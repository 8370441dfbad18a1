package org.aegisml.api.security;

import java.time.Instant;

/** A stored API key; the key itself is never kept, only its hash. */
public record ApiKey(String id, String name, Role role, Instant createdAt, String createdBy, Instant revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
