package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;

import org.aegisml.client.Connection;
import org.aegisml.client.Connector;
import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the client tests share: the real server of the test runtime (started once), plain HTTP
 * to create data and to read what the server itself says, keys of every role, and the
 * {@link Connector} service the client bundle registers.
 */
final class Fixtures {
    private Fixtures() {
    }

    static Http admin() throws Exception {
        return TestRuntime.ensureServer();
    }

    static URI uri() throws Exception {
        return URI.create(admin().base());
    }

    static Connector connector() {
        return TestRuntime.service(Connector.class);
    }

    /** A connection as the test admin key. */
    static Connection connect() throws Exception {
        return connector().connect(uri(), TestRuntime.ADMIN_KEY);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new key of {@code role}: its name, id and secret. */
    record Key(String name, String id, String secret) {
    }

    static Key key(String role) throws Exception {
        String name = unique(role);
        Http.Response r = admin().post("/api/v1/keys", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.status(), r.toString());
        return new Key(name, r.json().get("id").asText(), r.json().get("key").asText());
    }

    /** A registered ML model with {@code versions} versions, created over plain HTTP. */
    static String model(int versions) throws Exception {
        Http http = admin();
        String name = unique("model");
        Http.Response r = http.post("/api/v1/models", "{\"name\":\"" + name + "\",\"kind\":\"ml\"}");
        assertEquals(201, r.status(), r.toString());
        for (int i = 1; i <= versions; i++) {
            Http.Response v = http.multipart("/api/v1/models/" + name + "/versions", List.of(
                    Http.Part.json("metadata", "{\"framework\":\"sklearn\",\"format\":\"pickle\"}"),
                    Http.Part.file("artifact", "model.pkl", (name + i).getBytes())));
            assertEquals(201, v.status(), v.toString());
        }
        return name;
    }

    /** A model version served by {@code url} with a secret header option (which the server masks). */
    static Target target(String model, int version, String url) {
        return new Target(new VersionRef(AssetType.MODEL, model, version), new Backend("http-json", url,
                Duration.ofSeconds(2), 0, Map.of("header.Authorization", "Bearer s3cret")), null);
    }

    /** A canary of version 2 in two steps of an hour each, 20 % then 100 %. */
    static RolloutSpec canary(String model, boolean approval, String reason, String url) {
        return new RolloutSpec(Strategy.CANARY, target(model, 2, url), List.of(new Step(20, Duration.ofHours(1), null),
                new Step(100, Duration.ofHours(1), null)), List.of(), null, null, null, null, approval, null, null, null, null,
                null, null, null, reason);
    }

    static JsonNode get(String path) throws Exception {
        Http.Response r = admin().get(path);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Fixtures.class).getBundleContext();
    }

    /** Whether {@code service} is registered under {@code type} with {@code (aegisml.remote=url)}. */
    static boolean registered(Class<?> type, Object service, String url) throws InvalidSyntaxException {
        BundleContext ctx = context();
        ServiceReference<?>[] refs = ctx.getServiceReferences(type.getName(), "(" + Connector.REMOTE + "=" + url + ")");
        if (refs == null) return false;
        for (ServiceReference<?> ref : refs) {
            Object s = ctx.getService(ref);
            try {
                if (s == service) return true;
            } finally {
                ctx.ungetService(ref);
            }
        }
        return false;
    }
}
