package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Match;
import org.aegisml.api.policy.Policies;
import org.aegisml.api.policy.Policy;
import org.aegisml.api.policy.Redaction;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.HttpError;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Policy documents: {@code PUT /api/v1/policies/{name}} saves the body (YAML as
 * {@code application/yaml} or {@code text/yaml}, JSON as {@code application/json}) as the
 * policy's next version; a document that does not parse or compile is refused (400, the
 * field named) and not saved. {@code GET} lists and reads them (with every version),
 * {@code POST .../enable|disable} switches the latest version, {@code DELETE} removes the
 * policy, and {@code POST .../dry-run} evaluates the saved policy, or a {@code source} sent
 * with the request, against a context without any effect. Saving is for admins; a dry run
 * for operators.
 */
public final class PolicyRoutes {
    private static final String BASE = "/api/v1/policies";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final Policies policies;
    private final long maxBytes;

    public PolicyRoutes(Policies policies, long maxBytes) {
        this.policies = policies;
        this.maxBytes = maxBytes;
    }

    public void register(Router router) {
        router.add(new Route("GET", BASE, Role.VIEWER,
                r -> Reply.ok(Map.of("items", policies.list().stream().map(p -> policy(p, false)).toList()))));
        router.add(new Route("PUT", BASE + "/{name}", Role.ADMIN, this::save));
        router.add(new Route("GET", BASE + "/{name}", Role.VIEWER, r -> Reply.ok(policy(found(r.path("name")), true))));
        router.add(new Route("GET", BASE + "/{name}/versions", Role.VIEWER, r -> {
            List<Policy> all = policies.versions(r.path("name"));
            if (all.isEmpty()) throw new NotFoundException("name", "no policy " + r.path("name"));
            return Reply.ok(Map.of("items", all.stream().map(p -> policy(p, false)).toList()));
        }));
        router.add(new Route("GET", BASE + "/{name}/versions/{version}", Role.VIEWER,
                r -> Reply.ok(policy(policies.version(r.path("name"), r.pathInt("version")).orElseThrow(
                        () -> new NotFoundException("version", "no version " + r.path("version") + " of policy " + r.path("name"))),
                        true))));
        router.add(new Route("POST", BASE + "/{name}/enable", Role.ADMIN,
                r -> Reply.ok(policy(policies.enable(r.path("name"), true, r.actor()), false))));
        router.add(new Route("POST", BASE + "/{name}/disable", Role.ADMIN,
                r -> Reply.ok(policy(policies.enable(r.path("name"), false, r.actor()), false))));
        router.add(new Route("DELETE", BASE + "/{name}", Role.ADMIN, r -> {
            policies.delete(r.path("name"), r.actor());
            return Reply.json(204, null);
        }));
        router.add(new Route("POST", BASE + "/{name}/dry-run", Role.OPERATOR, this::dryRun));
    }

    private Policy found(String name) {
        return policies.get(name).orElseThrow(() -> new NotFoundException("name", "no policy " + name));
    }

    private Reply save(ApiRequest r) throws IOException {
        String type = r.contentType();
        String format;
        if (type.startsWith("application/json")) format = "json";
        else if (type.startsWith("application/yaml") || type.startsWith("application/x-yaml") || type.startsWith("text/yaml")
                || type.startsWith("text/x-yaml") || type.startsWith("text/plain")) format = "yaml";
        else throw new HttpError(415, null, "send the policy as application/yaml or application/json (got "
                + (type.isEmpty() ? "no content type" : type) + ")");
        String source = new String(r.body(maxBytes), StandardCharsets.UTF_8);
        String enabled = r.query("enabled");
        if (enabled != null && !enabled.equals("true") && !enabled.equals("false")) {
            throw new ValidationException("enabled", "enabled must be true or false");
        }
        Policy p = policies.save(r.path("name"), format, source, !"false".equals(enabled), r.actor());
        return Reply.created(BASE + "/" + p.name() + "/versions/" + p.version(), policy(p, true));
    }

    private Reply dryRun(ApiRequest r) throws IOException {
        JsonNode body = r.json(JsonNode.class);
        JsonNode pointNode = body.get("point");
        if (pointNode == null || !pointNode.isTextual()) throw new ValidationException("point", "give the decision point: point");
        DecisionPoint point = DecisionPoint.parse(pointNode.asText());
        if (point == null) throw new ValidationException("point", "unknown decision point '" + pointNode.asText() + "'");
        JsonNode ctx = body.get("context");
        if (ctx != null && !ctx.isNull() && !ctx.isObject()) throw new ValidationException("context", "context must be an object");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = ctx == null || ctx.isNull() ? Map.of() : JSON.convertValue(ctx, Map.class);
        String source = null;
        String format = null;
        JsonNode src = body.get("source");
        if (src != null && !src.isNull()) {
            if (src.isTextual()) {
                source = src.asText();
                format = body.hasNonNull("format") ? body.get("format").asText() : "yaml";
            } else if (src.isObject()) {
                source = JSON.writeValueAsString(src);
                format = "json";
            } else {
                throw new ValidationException("source", "source is the policy as YAML text or a JSON object");
            }
        }
        Decision d = policies.dryRun(r.path("name"), format, source, point, context, r.actor());
        return Reply.ok(decision(d));
    }

    static Map<String, Object> decision(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", d.point().wire());
        m.put("effect", d.effect().wire());
        m.put("approvers", d.approvers());
        m.put("matches", d.matches().stream().map(Match::view).toList());
        m.put("redactions", d.redactions().stream().map(PolicyRoutes::redaction).toList());
        m.put("errors", d.errors());
        return m;
    }

    private static Map<String, Object> redaction(Redaction x) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (x.detector() != null) m.put("detector", x.detector());
        if (x.pattern() != null) m.put("pattern", x.pattern());
        m.put("replacement", x.replacement());
        return m;
    }

    static Map<String, Object> policy(Policy p, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("enabled", p.enabled());
        m.put("description", p.document().description());
        m.put("points", p.document().points().stream().map(DecisionPoint::wire).toList());
        m.put("rules", p.document().rules().size());
        m.put("created_at", p.createdAt().toString());
        m.put("created_by", p.createdBy());
        if (full) {
            m.put("format", p.format());
            m.put("source", p.source());
            m.put("rules", p.document().rules().stream().map(x -> {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("name", x.name());
                rule.put("when", x.when());
                rule.put("effect", x.effect().wire());
                rule.put("reason", x.reason());
                if (x.approvers() != null) rule.put("approvers", x.approvers());
                if (!x.redact().isEmpty()) rule.put("redact", x.redact().stream().map(PolicyRoutes::redaction).toList());
                return rule;
            }).toList());
        }
        return m;
    }
}
