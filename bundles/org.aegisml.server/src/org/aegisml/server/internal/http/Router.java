package org.aegisml.server.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route for a method and path. Literal segments win over parameters so that
 * {@code /api/v1/audit/verify} is never taken for {@code /api/v1/audit/{id}}.
 */
public final class Router {
    public record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(Route r) {
        routes.add(r);
        // More literal segments first: the most specific template is tried first.
        routes.sort((a, b) -> Integer.compare(b.literals(), a.literals()));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The match, or null; {@code allowed} collects the methods the path supports (for 405). */
    public Match find(String method, String path, Set<String> allowed) {
        List<String> segs = Route.split(path);
        for (Route r : routes) {
            Map<String, String> params = r.match(segs);
            if (params == null) continue;
            if (r.method().equals(method)) return new Match(r, params);
            allowed.add(r.method());
        }
        return null;
    }

    public static Set<String> newAllowed() {
        return new TreeSet<>();
    }
}
