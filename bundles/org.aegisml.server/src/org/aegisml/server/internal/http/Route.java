package org.aegisml.server.internal.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.security.Role;

/**
 * One endpoint: method, path template ({@code /api/v1/models/{name}}), the least role that may
 * call it (null: no authentication), and its handler. The template labels metrics.
 */
public final class Route {

    @FunctionalInterface
    public interface Handler {
        Reply handle(ApiRequest request) throws Exception;
    }

    /**
     * A handler whose answer arrives later (a call to a model backend): the request thread is
     * released at once and the reply is written when the future completes, so slow backends
     * do not hold server threads. It must read the request body before returning.
     */
    @FunctionalInterface
    public interface AsyncHandler {
        java.util.concurrent.CompletableFuture<Reply> handle(ApiRequest request) throws Exception;
    }

    private final String method;
    private final String template;
    private final Role role;
    private final Handler handler;
    private final AsyncHandler async;
    private final String[] segments;
    private final int literals;

    public Route(String method, String template, Role role, Handler handler) {
        this(method, template, role, handler, null);
    }

    /** A route answered asynchronously. */
    public static Route async(String method, String template, Role role, AsyncHandler handler) {
        return new Route(method, template, role, null, handler);
    }

    private Route(String method, String template, Role role, Handler handler, AsyncHandler async) {
        this.method = method;
        this.template = template;
        this.role = role;
        this.handler = handler;
        this.async = async;
        this.segments = split(template).toArray(String[]::new);
        int n = 0;
        for (String s : segments) {
            if (!isParam(s)) n++;
        }
        this.literals = n;
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    public Role role() {
        return role;
    }

    /** The synchronous handler; null for an asynchronous route. */
    public Handler handler() {
        return handler;
    }

    /** The asynchronous handler; null for a synchronous route. */
    public AsyncHandler async() {
        return async;
    }

    int literals() {
        return literals;
    }

    /** Path parameters when {@code path} matches this route's template, else null. */
    Map<String, String> match(List<String> path) {
        if (segments.length != path.size()) return null;
        Map<String, String> params = null;
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (isParam(seg)) {
                if (params == null) params = new HashMap<>(4);
                params.put(seg.substring(1, seg.length() - 1), path.get(i));
            } else if (!seg.equals(path.get(i))) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static boolean isParam(String seg) {
        return seg.startsWith("{") && seg.endsWith("}");
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>(8);
        for (String s : path.split("/")) {
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
