package org.aegisml.gateway.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.PromptInjectionScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.gateway.internal.Endpoint.Side;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The policy guards on LLM calls (calls sent to a backend as chat completions): the input
 * guard asks the policy engine at {@code gateway_request} with the user messages and their
 * prompt-injection score, and may block the call (403, the model never sees it), redact the
 * messages before they leave, or flag it; the output guard asks at {@code gateway_response}
 * with the model's answer, and may block it (403 to the client) or redact every choice's
 * content. With no policy at a point the guard costs one map lookup. Decisions are audited
 * by the engine, off the request path.
 */
final class Guards {
    static final Actor GATEWAY = new Actor("gateway", "gateway", Role.VIEWER);

    private final ObjectMapper json;
    private final List<PromptInjectionScorer> scorers = new CopyOnWriteArrayList<>();
    private volatile PolicyEngine engine;

    Guards(ObjectMapper json) {
        this.json = json;
    }

    void engine(PolicyEngine e) {
        engine = e;
    }

    PolicyEngine engine() {
        return engine;
    }

    void addScorer(PromptInjectionScorer s) {
        scorers.add(s);
    }

    void removeScorer(PromptInjectionScorer s) {
        scorers.remove(s);
    }

    /** What the input guard did: the request to send (redacted or not) and whether it changed. */
    record Input(Prompts.Prepared prepared, boolean redacted) {
    }

    /** Runs the input guard; throws {@link ForbiddenException} when a policy blocks the call. */
    Input input(Endpoint ep, Side side, Arm arm, Prompts.Prepared p) {
        PolicyEngine e = engine;
        if (e == null || p.kind() != Kind.CHAT || !e.applies(DecisionPoint.GATEWAY_REQUEST)) return new Input(p, false);
        ObjectNode body = object(p.body());
        List<Map<String, Object>> messages = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        JsonNode ms = body == null ? null : body.get("messages");
        if (ms != null && ms.isArray()) {
            for (JsonNode m : ms) {
                String role = m.path("role").asText("");
                String content = m.path("content").isTextual() ? m.get("content").asText() : m.path("content").toString();
                messages.add(Map.of("role", role, "content", content));
                if (role.equals("user")) {
                    if (!input.isEmpty()) input.append('\n');
                    input.append(content);
                }
            }
        }
        Map<String, Object> ctx = call(ep, side, arm);
        ctx.put("input", input.toString());
        ctx.put("messages", messages);
        ctx.put("injection", injection(side, input.toString()));
        Decision d = e.decide(DecisionPoint.GATEWAY_REQUEST, ctx, GATEWAY);
        if (d.effect() == Effect.DENY) throw new ForbiddenException(null, "the request was blocked by policy: " + d.reason());
        if (d.redactions().isEmpty() || body == null || ms == null || !ms.isArray()) return new Input(p, false);
        boolean changed = false;
        for (JsonNode m : ms) {
            if (m instanceof ObjectNode o && "user".equals(o.path("role").asText()) && o.path("content").isTextual()) {
                String before = o.get("content").asText();
                String after = e.redact(d, before);
                if (!after.equals(before)) {
                    o.put("content", after);
                    changed = true;
                }
            }
        }
        if (!changed) return new Input(p, false);
        return new Input(new Prompts.Prepared(p.kind(), bytes(body), p.input() == null ? null : e.redact(d, p.input()),
                p.variables()), true);
    }

    /** Runs the output guard; throws {@link ForbiddenException} when a policy blocks the answer. */
    InferenceResponse output(Endpoint ep, Side side, Arm arm, Prompts.Prepared p, InferenceResponse r) {
        PolicyEngine e = engine;
        if (e == null || p.kind() != Kind.CHAT || r.status() >= 300 || !e.applies(DecisionPoint.GATEWAY_RESPONSE)) return r;
        String output = r.outputText();
        Map<String, Object> ctx = call(ep, side, arm);
        ctx.put("input", p.input() == null ? "" : p.input());
        ctx.put("output", output == null ? "" : output);
        ctx.put("status", r.status());
        Decision d = e.decide(DecisionPoint.GATEWAY_RESPONSE, ctx, GATEWAY);
        if (d.effect() == Effect.DENY) throw new ForbiddenException(null, "the model's answer was blocked by policy: " + d.reason());
        if (d.redactions().isEmpty()) return r;
        ObjectNode body = object(r.body());
        if (body == null) return r;
        boolean changed = false;
        for (JsonNode choice : body.path("choices")) {
            JsonNode msg = choice.path("message");
            if (msg instanceof ObjectNode o && o.path("content").isTextual()) {
                String before = o.get("content").asText();
                String after = e.redact(d, before);
                if (!after.equals(before)) {
                    o.put("content", after);
                    changed = true;
                }
            }
        }
        if (!changed) return r;
        return new InferenceResponse(r.status(), bytes(body), r.contentType(), r.inputTokens(), r.outputTokens(),
                output == null ? null : e.redact(d, output));
    }

    private static Map<String, Object> call(Endpoint ep, Side side, Arm arm) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("endpoint", ep.name());
        ctx.put("version", side.version());
        ctx.put("arm", arm.wire());
        ctx.put("model", side.model());
        return ctx;
    }

    private Map<String, Object> injection(Side side, String input) {
        double score = 0;
        List<String> findings = new ArrayList<>();
        for (PromptInjectionScorer s : scorers) {
            try {
                SignalScore x = s.score(new LlmCall(side.model(), input, null, List.of(), List.of()));
                if (x.score() > score) score = x.score();
                findings.addAll(x.findings());
            } catch (RuntimeException ex) {
                findings.add(safeName(s) + " failed: " + ex);
            }
        }
        return Map.of("score", score, "findings", findings);
    }

    private static String safeName(PromptInjectionScorer s) {
        try {
            return s.name();
        } catch (RuntimeException e) {
            return s.getClass().getName();
        }
    }

    private ObjectNode object(byte[] body) {
        try {
            return body != null && body.length > 0 && json.readTree(body) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
