package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.security.ApiKeyService;
import org.aegisml.api.security.IssuedKey;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/** API key administration; admin only. The secret is in the creation response and nowhere else. */
public final class KeyRoutes {
    private final ApiKeyService keys;

    public KeyRoutes(ApiKeyService keys) {
        this.keys = keys;
    }

    public void register(Router router) {
        router.add(new Route("POST", "/api/v1/keys", Role.ADMIN, this::issue));
        router.add(new Route("GET", "/api/v1/keys", Role.ADMIN,
                r -> Reply.ok(Map.of("items", keys.list().stream().map(Views::key).toList()))));
        router.add(new Route("DELETE", "/api/v1/keys/{id}", Role.ADMIN,
                r -> Reply.ok(Views.key(keys.revoke(r.path("id"), r.actor())))));
    }

    private Reply issue(ApiRequest r) throws IOException {
        Bodies.KeyBody b = r.json(Bodies.KeyBody.class);
        if (b.role() == null) throw new ValidationException("role", "role is required: viewer, operator, approver or admin");
        IssuedKey k = keys.issue(b.name(), b.role(), r.actor());
        Map<String, Object> body = new LinkedHashMap<>(Views.key(k.key()));
        body.put("key", k.secret());
        return Reply.created("/api/v1/keys/" + k.key().id(), body).header("Cache-Control", "no-store");
    }
}
