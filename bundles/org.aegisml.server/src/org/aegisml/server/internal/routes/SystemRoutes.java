package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditVerification;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.Store;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Metrics;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/** Health, metrics, the OpenAPI document, the caller's identity and the audit log. */
public final class SystemRoutes {
    private final Store store;
    private final AuditLog audit;
    private final Metrics metrics;
    private final String version;
    private final byte[] openapi;

    private final Monitoring monitoring;

    private final org.aegisml.api.policy.PolicyEngine policy;

    private final org.aegisml.api.extension.Extensions extensions;

    public SystemRoutes(Store store, AuditLog audit, Metrics metrics, Monitoring monitoring,
            org.aegisml.api.policy.PolicyEngine policy, org.aegisml.api.extension.Extensions extensions, String version)
            throws IOException {
        this.extensions = extensions;
        this.store = store;
        this.policy = policy;
        this.monitoring = monitoring;
        this.audit = audit;
        this.metrics = metrics;
        this.version = version;
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IOException("openapi.json is missing from the server bundle");
            this.openapi = in.readAllBytes();
        }
    }

    public void register(Router router) {
        router.add(new Route("GET", "/healthz", null, r -> health()));
        router.add(new Route("GET", "/metrics", null, r -> Reply.bytes(200, Metrics.CONTENT_TYPE,
                scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        router.add(new Route("GET", "/api/v1/openapi.json", Role.VIEWER,
                r -> Reply.bytes(200, "application/json", openapi)));
        router.add(new Route("GET", "/api/v1/me", Role.VIEWER, r -> Reply.ok(me(r.actor()))));
        router.add(new Route("GET", "/api/v1/audit", Role.VIEWER, this::auditList));
        router.add(new Route("GET", "/api/v1/audit/verify", Role.VIEWER, r -> verify()));
        router.add(new Route("GET", "/api/v1/extensions", Role.VIEWER, r -> Reply.ok(Map.of("extensions",
                extensions.extensions(), "plugins", extensions.plugins()))));
    }

    /** The server's own metrics, then the monitored models' series. */
    private String scrape() {
        StringBuilder out = new StringBuilder(metrics.scrape());
        policy(out);
        monitoring.exposition(out);
        return out.toString();
    }

    /** The policy engine's decision latency histogram and failure counters. */
    private void policy(StringBuilder sb) {
        org.aegisml.api.policy.DecisionStats s = policy.stats();
        sb.append("# HELP aegisml_policy_decision_duration_seconds Time to evaluate a policy decision (audit write excluded).\n");
        sb.append("# TYPE aegisml_policy_decision_duration_seconds histogram\n");
        for (int i = 0; i < s.boundsNanos().size(); i++) {
            long b = s.boundsNanos().get(i);
            sb.append("aegisml_policy_decision_duration_seconds_bucket{le=\"")
                    .append(b == Long.MAX_VALUE ? "+Inf" : Metrics.format(b / 1e9)).append("\"} ").append(s.counts().get(i))
                    .append('\n');
        }
        sb.append("aegisml_policy_decision_duration_seconds_sum ").append(Metrics.format(s.sumNanos() / 1e9)).append('\n');
        sb.append("aegisml_policy_decision_duration_seconds_count ").append(s.count()).append('\n');
        sb.append("# HELP aegisml_policy_rule_errors_total Policy rules that could not be evaluated.\n");
        sb.append("# TYPE aegisml_policy_rule_errors_total counter\n");
        sb.append("aegisml_policy_rule_errors_total ").append(s.errors()).append('\n');
        sb.append("# HELP aegisml_policy_audit_dropped_total Live policy decisions not audited because the queue was full.\n");
        sb.append("# TYPE aegisml_policy_audit_dropped_total counter\n");
        sb.append("aegisml_policy_audit_dropped_total ").append(s.auditDropped()).append('\n');
    }

    private Reply health() {
        boolean db = store.healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db ? "UP" : "DOWN");
        body.put("version", version);
        body.put("database", Map.of("status", db ? "UP" : "DOWN", "dialect", store.dialect()));
        Reply r = Reply.json(db ? 200 : 503, body);
        if (!db) r.header("Retry-After", "5");
        return r;
    }

    /**
     * Who the calling key belongs to, so that a client can check its key and show whose it is
     * before doing anything with it. Never the key itself.
     */
    private static Map<String, Object> me(org.aegisml.api.security.Actor a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.id());
        body.put("name", a.name());
        body.put("role", org.aegisml.server.internal.http.Json.lower(a.role()));
        return body;
    }

    private Reply auditList(ApiRequest r) {
        var page = audit.list(new AuditQuery(r.query("actor"), r.query("action"), r.query("target"),
                instant(r, "from"), instant(r, "to"), r.page()));
        return Reply.ok(Views.page(page, e -> e));
    }

    private Reply verify() {
        AuditVerification v = audit.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", v.valid());
        body.put("entries_checked", v.entriesChecked());
        body.put("first_bad_seq", v.firstBadSeq());
        body.put("reason", v.reason());
        body.put("head_hash", v.headHash());
        return Reply.ok(body);
    }

    private static java.time.Instant instant(ApiRequest r, String name) {
        String v = r.query(name);
        if (v == null) return null;
        try {
            return java.time.Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new org.aegisml.api.ValidationException(name, name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
