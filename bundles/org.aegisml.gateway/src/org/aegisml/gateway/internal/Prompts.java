package org.aegisml.gateway.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.gateway.internal.Endpoint.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a client's body into what a side's backend is sent. A model side gets the body as it
 * came. A prompt side gets an OpenAI chat request: the prompt version's template rendered
 * with the request's variables, as the user message of an invoke, or as a system message put
 * before the client's messages of a chat; the version's parameters (temperature, max_tokens...)
 * are set on the request and win over the client's, because the deployed prompt version is
 * what is being served and measured.
 * <p>
 * Variables come from {@code "variables": {...}} in the body, or for an invoke without one,
 * from the body's top-level fields. Templates are compiled once per version (versions are
 * immutable) and loaded when a routing change brings a new version in, so the hot path reads
 * the registry only if a request races that load.
 */
final class Prompts {
    private static final Logger LOG = LoggerFactory.getLogger(Prompts.class);

    /** What a backend is sent, and what the call's event captures of it. */
    record Prepared(Kind kind, byte[] body, String input, ObjectNode variables) {
    }

    private final Registry registry;
    private final ObjectMapper json;
    private final Map<VersionRef, Template> templates = new ConcurrentHashMap<>();

    Prompts(Registry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** Loads a prompt side's template ahead of its first request; failures are left for that request to report. */
    void preload(Side side) {
        if (side == null || !side.prompt()) return;
        try {
            template(side.target().version());
        } catch (RuntimeException e) {
            LOG.warn("Cannot load the template of {}: {}", side.version(), e.getMessage());
        }
    }

    Template template(VersionRef ref) {
        Template t = templates.get(ref);
        if (t != null) return t;
        return templates.computeIfAbsent(ref, this::load);
    }

    private Template load(VersionRef ref) {
        AssetVersion v = registry.version(AssetType.PROMPT, ref.name(), ref.version())
                .orElseThrow(() -> new UnavailableException("the prompt version " + ref + " is not in the registry"));
        if (!(v.spec() instanceof PromptVersionSpec spec)) {
            throw new UnavailableException(ref + " is not a prompt version");
        }
        return new Template(ref, spec, json);
    }

    Prepared prepare(Side side, Kind kind, byte[] body) {
        if (!side.prompt()) return new Prepared(kind, body, null, null);
        Template t = template(side.target().version());
        ObjectNode in = object(body);
        ObjectNode variables;
        JsonNode v = in.remove("variables");
        if (v != null && !v.isObject()) throw new ValidationException("variables", "variables must be a JSON object");
        if (v != null) {
            variables = (ObjectNode) v;
        } else if (kind == Kind.INVOKE) {
            variables = in;
        } else {
            variables = json.createObjectNode();
        }
        String rendered = t.render(values(variables));
        ObjectNode out;
        String input;
        if (kind == Kind.INVOKE) {
            out = json.createObjectNode();
            ObjectNode m = out.putArray("messages").addObject();
            m.put("role", "user");
            m.put("content", rendered);
            input = rendered;
        } else {
            JsonNode messages = in.get("messages");
            if (messages == null || !messages.isArray()) {
                throw new ValidationException("messages", "messages must be an array of chat messages");
            }
            ArrayNode all = json.createArrayNode();
            ObjectNode system = all.addObject();
            system.put("role", "system");
            system.put("content", rendered);
            all.addAll((ArrayNode) messages);
            out = in;
            out.set("messages", all);
            input = lastUserMessage((ArrayNode) messages);
        }
        out.setAll(t.parameters);
        try {
            return new Prepared(Kind.CHAT, json.writeValueAsBytes(out), input, variables);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode object(byte[] body) {
        try {
            JsonNode n = body == null || body.length == 0 ? null : json.readTree(body);
            if (n instanceof ObjectNode o) return o;
        } catch (IOException e) {
            throw new ValidationException(null, "the body is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        throw new ValidationException(null, "the body must be a JSON object");
    }

    private static Map<String, String> values(ObjectNode variables) {
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : variables.properties()) {
            JsonNode n = e.getValue();
            m.put(e.getKey(), n.isTextual() ? n.asText() : n.isNull() ? "" : n.toString());
        }
        return m;
    }

    static String lastUserMessage(ArrayNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText()) && m.path("content").isTextual()) return m.get("content").asText();
        }
        return null;
    }
}
