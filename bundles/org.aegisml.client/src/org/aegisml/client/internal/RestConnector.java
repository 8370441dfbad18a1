package org.aegisml.client.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.client.Connection;
import org.aegisml.client.Connector;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Opens {@link RestConnection}s. As a component it registers each connection's services with
 * its bundle's context and closes the connections still open when it goes away; without a
 * context ({@link Connector#standalone()}) it registers nothing.
 */
@Component(service = Connector.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class RestConnector implements Connector {
    private final BundleContext context;
    private final Set<RestConnection> open = ConcurrentHashMap.newKeySet();

    @Activate
    public RestConnector(BundleContext context) {
        this.context = context;
    }

    @Override
    public Connection connect(URI server, String apiKey) {
        URI base = check(server, apiKey);
        RestClient http = new RestClient(base, apiKey.strip());
        try {
            Actor actor = actor(http.get("/api/v1/me"));
            RestConnection c = new RestConnection(http, actor, open::remove);
            if (context != null) c.register(context);
            open.add(c);
            return c;
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        for (RestConnection c : List.copyOf(open)) c.close();
    }

    private static URI check(URI server, String apiKey) {
        if (server == null) throw new ValidationException("server", "the server's URL is required");
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || server.getHost() == null) {
            throw new ValidationException("server", "the server's URL must be http(s)://host[:port], not '" + server + "'");
        }
        if (server.getRawQuery() != null || server.getRawFragment() != null || server.getRawUserInfo() != null) {
            throw new ValidationException("server", "the server's URL must have no user, query or fragment");
        }
        if (apiKey == null || apiKey.isBlank()) throw new ValidationException("apiKey", "an API key is required");
        return server;
    }

    private static Actor actor(JsonNode me) {
        String role = Wire.text(me, "role");
        try {
            return new Actor(Wire.text(me, "id"), Wire.text(me, "name"), Role.valueOf(role.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            throw new UnavailableException(null, "the server's answer to GET /api/v1/me names no known role: " + role, e);
        }
    }

    @Override
    public String toString() {
        return "RestConnector[" + open.size() + " open]";
    }
}
