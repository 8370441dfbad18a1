package org.aegisml.server.internal.routes;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.aegisml.api.deployment.Gateway;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.HttpError;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Live inference through the gateway: {@code POST /v1/endpoints/{endpoint}/invoke} (a JSON body
 * for the endpoint's model) and {@code POST /v1/endpoints/{endpoint}/chat/completions} (an
 * OpenAI chat request). Any valid API key may call them. The backend's status, body and
 * content type come back as they are, with {@code X-AegisML-Version} (the version that
 * answered), {@code X-AegisML-Arm} and {@code X-Request-Id} (the id of the call's monitoring
 * event, for labels and feedback). Both are asynchronous: no server thread waits for a model.
 */
public final class GatewayRoutes {
    private final Gateway gateway;
    private final long maxBodyBytes;

    public GatewayRoutes(Gateway gateway, long maxBodyBytes) {
        this.gateway = gateway;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(Router router) {
        router.add(Route.async("POST", "/v1/endpoints/{endpoint}/invoke", Role.VIEWER, r -> call(r, false)));
        router.add(Route.async("POST", "/v1/endpoints/{endpoint}/chat/completions", Role.VIEWER, r -> call(r, true)));
    }

    private CompletableFuture<Reply> call(ApiRequest r, boolean chat) throws Exception {
        if (!r.isJson()) {
            throw new HttpError(415, null, "send the body as application/json (got "
                    + (r.contentType().isEmpty() ? "no content type" : r.contentType()) + ")");
        }
        byte[] body = r.body(maxBodyBytes);
        String endpoint = r.path("endpoint");
        Map<String, String> headers = new Headers(r.jetty().getHeaders());
        CompletableFuture<GatewayResponse> f = chat ? gateway.chat(endpoint, body, headers)
                : gateway.invoke(endpoint, body, headers);
        return f.thenApply(GatewayRoutes::reply);
    }

    static Reply reply(GatewayResponse g) {
        return Reply.bytes(g.status(), g.contentType(), g.body()).header("X-AegisML-Version", g.version())
                .header("X-AegisML-Arm", g.arm()).header("X-Request-Id", g.requestId());
    }

    /**
     * The request's headers by lower-case name, read through to Jetty's fields instead of
     * copied: the gateway looks up two or three of them per call, while the request thread is
     * still on it. Iterating builds a copy.
     */
    static final class Headers extends AbstractMap<String, String> {
        private final HttpFields fields;

        Headers(HttpFields fields) {
            this.fields = fields;
        }

        @Override
        public String get(Object key) {
            return key instanceof String k ? fields.get(k) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> copy = new LinkedHashMap<>();
            for (HttpField f : fields) copy.putIfAbsent(f.getName().toLowerCase(Locale.ROOT), f.getValue());
            return copy.entrySet();
        }
    }
}
