package org.aegisml.api.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/** A rule that matched: which policy (and version) or rule service, and what it asked for. */
public record Match(String policy, int version, String rule, Effect effect, String reason, int approvers) {

    /**
     * The match as the API, the audit log and approval evidence show it: {@code policy},
     * {@code version} (documents only), {@code rule}, {@code effect}, {@code reason} and
     * {@code approvers} (require_approval only). One shape everywhere, so a reader of the log
     * and of a decision over HTTP sees the same fields.
     */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        if (version > 0) m.put("version", version);
        m.put("rule", rule);
        m.put("effect", effect.wire());
        m.put("reason", reason);
        if (approvers > 0) m.put("approvers", approvers);
        return m;
    }
}
