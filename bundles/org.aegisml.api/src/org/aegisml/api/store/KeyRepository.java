package org.aegisml.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.security.ApiKey;
import org.osgi.annotation.versioning.ProviderType;

/** API keys, stored by the hash of their secret. */
@ProviderType
public interface KeyRepository {
    void insert(ApiKey key, String secretHash);

    Optional<ApiKey> findBySecretHash(String secretHash);

    Optional<ApiKey> find(String id);

    /** Marks the key revoked; returns it as it is now. */
    Optional<ApiKey> revoke(String id, Instant at);

    List<ApiKey> list();

    boolean hasActiveAdmin();
}
