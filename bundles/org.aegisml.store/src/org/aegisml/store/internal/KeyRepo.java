package org.aegisml.store.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.aegisml.api.security.ApiKey;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.KeyRepository;
import org.aegisml.store.internal.entity.ApiKeyEntity;
import org.hibernate.Session;

final class KeyRepo implements KeyRepository {
    private final Session s;

    KeyRepo(Session s) {
        this.s = s;
    }

    @Override
    public void insert(ApiKey key, String secretHash) {
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = key.id();
        e.name = key.name();
        e.role = key.role().name();
        e.secretHash = secretHash;
        e.createdAt = key.createdAt();
        e.createdBy = key.createdBy();
        e.revokedAt = key.revokedAt();
        s.persist(e);
    }

    @Override
    public Optional<ApiKey> findBySecretHash(String secretHash) {
        return s.createSelectionQuery("from ApiKeyEntity where secretHash = :h", ApiKeyEntity.class)
                .setParameter("h", secretHash).uniqueResultOptional().map(KeyRepo::toKey);
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return Optional.ofNullable(s.find(ApiKeyEntity.class, id)).map(KeyRepo::toKey);
    }

    @Override
    public Optional<ApiKey> revoke(String id, Instant at) {
        ApiKeyEntity e = s.find(ApiKeyEntity.class, id);
        if (e == null) return Optional.empty();
        if (e.revokedAt == null) e.revokedAt = at;
        return Optional.of(toKey(e));
    }

    @Override
    public List<ApiKey> list() {
        return s.createSelectionQuery("from ApiKeyEntity order by createdAt, id", ApiKeyEntity.class).getResultList()
                .stream().map(KeyRepo::toKey).toList();
    }

    @Override
    public boolean hasActiveAdmin() {
        return s.createSelectionQuery("select count(*) from ApiKeyEntity where role = 'ADMIN' and revokedAt is null",
                Long.class).getSingleResult() > 0;
    }

    private static ApiKey toKey(ApiKeyEntity e) {
        return new ApiKey(e.id, e.name, Role.valueOf(e.role.toUpperCase(Locale.ROOT)), e.createdAt, e.createdBy,
                e.revokedAt);
    }
}
