package org.aegisml.policy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.aegisml.api.policy.DecisionPoint;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What a decision's audit entry keeps of its inputs. Prompt and answer texts (and any string
 * over 256 characters) are recorded as their length and SHA-256: the log proves what was
 * decided on without becoming a copy of every customer's prompt, card numbers included.
 */
final class Inputs {
    private static final Set<String> TEXTS = Set.of("input", "output", "messages");
    private static final int MAX_STRING = 256;

    private Inputs() {
    }

    static Object summarize(Map<String, Object> vars) {
        Map<String, Object> out = new TreeMap<>();
        vars.forEach((k, v) -> out.put(k, TEXTS.contains(k) && v != null ? digest(String.valueOf(v)) : value(v, 0)));
        return out;
    }

    private static Object value(Object v, int depth) {
        if (v == null || v instanceof Number || v instanceof Boolean) return v;
        if (depth > 6) return "…";
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), value(x, depth + 1)));
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            for (Object x : it) {
                if (out.size() == 100) {
                    out.add("…");
                    break;
                }
                out.add(value(x, depth + 1));
            }
            return out;
        }
        String s = String.valueOf(v);
        return s.length() > MAX_STRING ? digest(s) : s;
    }

    private static Map<String, Object> digest(String s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("length", s.length());
        try {
            m.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    /** What the decision is about, for the audit entry's target: the version, the deployment, the endpoint. */
    static Object subject(DecisionPoint point, Map<String, Object> vars) {
        return switch (point) {
            case PROMOTION -> vars.get("version") instanceof Map<?, ?> v ? v.get("ref") : null;
            case ROLLOUT_START, ROLLOUT_STEP -> vars.get("deployment") instanceof Map<?, ?> d ? d.get("name") : null;
            case GATEWAY_REQUEST, GATEWAY_RESPONSE -> vars.get("endpoint");
        };
    }

    /** Matches as the audit log and approval evidence show them. */
    static List<Map<String, Object>> matches(List<org.aegisml.api.policy.Match> matches) {
        return matches.stream().map(org.aegisml.api.policy.Match::view).toList();
    }

    static String json(Object o) {
        try {
            return Compiler.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
