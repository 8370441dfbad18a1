package org.aegisml.alerting.internal.channels;

import org.aegisml.api.alerting.Notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The webhook payload, schema {@value #SCHEMA}. Its fields are a published contract: add
 * fields if needed, never rename or remove one without a new schema name.
 *
 * <pre>
 * { "schema": "aegisml.alert.v1", "kind": "firing|renotify|resolved|test", "alert_id", "rule_id",
 *   "rule_name", "severity": "info|warning|critical",
 *   "scope": { "model", "version", "endpoint", "arm" }, "metric", "condition": "gt|gte|lt|lte",
 *   "threshold", "value" (null: undefined), "window_seconds", "started_at", "resolved_at", "at",
 *   "title", "message" }
 * </pre>
 *
 * Instants are ISO-8601 UTC strings; absent values are JSON null, never missing keys.
 */
final class Payloads {
    static final String SCHEMA = "aegisml.alert.v1";
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private Payloads() {
    }

    static ObjectNode webhook(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("kind", n.kind().wire());
        o.put("alert_id", n.alertId());
        o.put("rule_id", n.ruleId());
        o.put("rule_name", n.ruleName());
        o.put("severity", n.severity().wire());
        ObjectNode scope = o.putObject("scope");
        scope.put("model", n.scope().model());
        scope.put("version", n.scope().version());
        scope.put("endpoint", n.scope().endpoint());
        scope.put("arm", n.scope().arm() == null ? null : n.scope().arm().wire());
        o.put("metric", n.metric().wire());
        o.put("condition", n.condition().wire());
        o.put("threshold", n.threshold());
        o.put("value", n.value());
        o.put("window_seconds", n.window().toSeconds());
        o.put("started_at", str(n.startedAt()));
        o.put("resolved_at", str(n.resolvedAt()));
        o.put("at", str(n.at()));
        o.put("title", n.title());
        o.put("message", n.message());
        return o;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
