package org.aegisml.api.security;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Issues, checks and revokes API keys. */
@ProviderType
public interface ApiKeyService {
    IssuedKey issue(String name, Role role, Actor actor);

    /** Creates a key with a given secret, used to bootstrap the admin key from configuration. */
    IssuedKey issueWithSecret(String name, Role role, String secret, Actor actor);

    /** The actor a presented secret belongs to, or empty when it is unknown or revoked. */
    Optional<Actor> authenticate(String secret);

    ApiKey revoke(String id, Actor actor);

    List<ApiKey> list();

    /** Whether any active admin key exists. */
    boolean hasAdmin();
}
