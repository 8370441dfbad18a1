package org.aegisml.policy.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.policy.DecisionPoint;

/**
 * The variables rules may read at each decision point. A policy that reads anything else is
 * refused when it is saved (a typo must not become a rule that silently never matches). A
 * node is {@link #LEAF} (a value), {@link #OPEN} (a map whose keys are data: tags, metrics,
 * what a context provider supplies) or a map of its own fields.
 */
final class Schema {
    static final Object LEAF = "leaf";
    static final Object OPEN = "open";

    private static final Map<DecisionPoint, Map<String, Object>> BY_POINT = new EnumMap<>(DecisionPoint.class);

    static {
        Map<String, Object> common = fields("point", LEAF, "now", LEAF,
                "actor", fields("id", LEAF, "name", LEAF, "role", LEAF),
                "time", fields("hour", LEAF, "weekday", LEAF, "date", LEAF, "iso", LEAF));
        Map<String, Object> version = fields("ref", LEAF, "type", LEAF, "name", LEAF, "number", LEAF, "stage", LEAF,
                "tags", OPEN, "metrics", OPEN);
        Map<String, Object> side = fields("version", LEAF, "model", LEAF, "backend", LEAF, "metrics", OPEN, "count", LEAF);
        put(DecisionPoint.PROMOTION, common, "asset", fields("type", LEAF, "name", LEAF, "tags", OPEN), "version", version,
                "from", LEAF, "to", LEAF, "reason", LEAF);
        put(DecisionPoint.ROLLOUT_START, common, "deployment", fields("name", LEAF, "project", LEAF), "strategy", LEAF,
                "stable", side, "candidate", side, "steps", LEAF, "reason", LEAF);
        put(DecisionPoint.ROLLOUT_STEP, common, "deployment", fields("name", LEAF, "project", LEAF),
                "rollout", fields("id", LEAF, "strategy", LEAF, "step", LEAF, "steps", LEAF, "weight", LEAF, "state", LEAF),
                "stable", side, "candidate", side);
        Map<String, Object> call = fields("endpoint", LEAF, "version", LEAF, "arm", LEAF, "model", LEAF, "input", LEAF,
                "messages", LEAF, "injection", fields("score", LEAF, "findings", LEAF));
        put(DecisionPoint.GATEWAY_REQUEST, common, call);
        Map<String, Object> response = new LinkedHashMap<>(call);
        response.put("output", LEAF);
        response.put("status", LEAF);
        put(DecisionPoint.GATEWAY_RESPONSE, common, response);
    }

    private Schema() {
    }

    private static void put(DecisionPoint p, Map<String, Object> common, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>(common);
        if (more.length == 1) m.putAll(cast(more[0]));
        else m.putAll(fields(more));
        BY_POINT.put(p, Map.copyOf(m));
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /** The top-level variables of {@code point}. */
    static Set<String> roots(DecisionPoint point) {
        return BY_POINT.get(point).keySet();
    }

    /**
     * Null when {@code path} can be read at {@code point} ({@code extra}: variables added by
     * context providers, open), else why not.
     */
    static String check(DecisionPoint point, List<String> path, Set<String> extra) {
        if (path.isEmpty()) return null;
        String root = path.get(0);
        if (extra.contains(root)) return null;
        Object node = BY_POINT.get(point);
        for (int i = 0; i < path.size(); i++) {
            if (node == OPEN) return null;
            if (node == LEAF) return null; // a value's own properties (a list's size, ...) are JEXL's business
            Object next = cast(node).get(path.get(i));
            if (next == null) {
                String where = i == 0 ? "at " + point.wire() : "in " + String.join(".", path.subList(0, i));
                return "unknown variable '" + String.join(".", path.subList(0, i + 1)) + "' " + where + " (known: "
                        + String.join(", ", cast(node).keySet()) + (i == 0 && !extra.isEmpty() ? ", " + String.join(", ", extra) : "")
                        + ")";
            }
            node = next;
        }
        return null;
    }
}
