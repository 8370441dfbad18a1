package org.aegisml.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.ApiKey;
import org.aegisml.api.security.ApiKeyService;
import org.aegisml.api.security.IssuedKey;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.Store;
import org.aegisml.server.internal.http.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * API keys: 256-bit random secrets, stored only as their SHA-256 (a fast hash is enough for
 * secrets with this much entropy, and keeps authentication to one indexed lookup).
 * <p>
 * Successful lookups are cached for {@link #CACHE_TTL_NANOS} so that a busy client does not
 * cost a database round trip per request. Revoking a key evicts it here at once; another
 * server replica notices within the cache lifetime (two seconds).
 */
@Component(service = ApiKeyService.class)
public final class ApiKeys implements ApiKeyService {
    static final String PREFIX = "aegis_";
    private final Store store;
    private final SecureRandom random = new SecureRandom();
    static final long CACHE_TTL_NANOS = 2_000_000_000L;
    private static final int CACHE_MAX = 10_000;

    private record Cached(Actor actor, long expires) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public ApiKeys(@Reference Store store) {
        this.store = store;
    }

    @Override
    public IssuedKey issue(String name, Role role, Actor actor) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return issueWithSecret(name, role, PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), actor);
    }

    @Override
    public IssuedKey issueWithSecret(String name, Role role, String secret, Actor actor) {
        actor.require(Role.ADMIN);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ValidationException("name", "name is required (at most 200 characters)");
        }
        if (role == null) throw new ValidationException("role", "role is required");
        if (secret == null || secret.length() < 16 || secret.length() > 512 || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new ValidationException("key", "a key must be 16-512 characters without spaces");
        }
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        ApiKey key = new ApiKey("k_" + HexFormat.of().formatHex(idBytes), name, role,
                Instant.now().truncatedTo(ChronoUnit.MICROS), actor.name(), null);
        store.write(tx -> {
            if (tx.keys().findBySecretHash(hash(secret)).isPresent()) {
                throw new ConflictException("key", "this key is already registered");
            }
            tx.keys().insert(key, hash(secret));
            tx.audit().append(new AuditRecord(actor.name(), "key.create", "keys/" + key.id(), null,
                    json(Map.of("name", name, "role", role.name().toLowerCase(Locale.ROOT)))));
            return null;
        });
        return new IssuedKey(key, secret);
    }

    @Override
    public Optional<Actor> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 512) return Optional.empty();
        String hash = hash(secret);
        long now = System.nanoTime();
        Cached c = cache.get(hash);
        if (c != null && now - c.expires() < 0) return Optional.of(c.actor());
        Optional<Actor> actor = store.read(tx -> tx.keys().findBySecretHash(hash))
                .filter(ApiKey::active)
                .map(k -> new Actor(k.id(), k.name(), k.role()));
        if (actor.isPresent()) {
            if (cache.size() >= CACHE_MAX) cache.clear();
            cache.put(hash, new Cached(actor.get(), now + CACHE_TTL_NANOS));
        } else {
            cache.remove(hash);
        }
        return actor;
    }

    @Override
    public ApiKey revoke(String id, Actor actor) {
        actor.require(Role.ADMIN);
        ApiKey result = store.write(tx -> {
            ApiKey key = tx.keys().find(id).orElseThrow(() -> new NotFoundException("id", "no API key " + id));
            if (key.active() && key.role() == Role.ADMIN
                    && tx.keys().list().stream().filter(k -> k.active() && k.role() == Role.ADMIN).count() == 1) {
                throw new ConflictException("id", "this is the last active admin key; issue another admin key first");
            }
            ApiKey revoked = tx.keys().revoke(id, Instant.now().truncatedTo(ChronoUnit.MICROS)).orElseThrow();
            if (key.active()) {
                tx.audit().append(new AuditRecord(actor.name(), "key.revoke", "keys/" + id,
                        "{\"active\":true}", "{\"active\":false}"));
            }
            return revoked;
        });
        cache.values().removeIf(c -> c.actor().id().equals(id));
        return result;
    }

    @Override
    public List<ApiKey> list() {
        return store.read(tx -> tx.keys().list());
    }

    @Override
    public boolean hasAdmin() {
        return store.read(tx -> tx.keys().hasActiveAdmin());
    }

    static String hash(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
