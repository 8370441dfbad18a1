package org.aegisml.gateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Event;
import org.aegisml.gateway.internal.Endpoint.Side;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The monitoring event of one call. The request thread only records what happened
 * ({@link Call}); reading features, inputs and outputs out of the bodies happens here, on the
 * emitter's thread, so it costs the client nothing.
 * <p>
 * Features (unless the capture turns them off): the variables of a prompt call, else the
 * top-level numbers and short strings (up to 200 characters, the monitoring limit) of an
 * invoke body; chat bodies have none. Inputs (when captured): the rendered prompt of a prompt
 * invoke, the last user message of a chat, else the invoke body. Outputs (when captured): the
 * generated text of an LLM answer, else the answer's body. A top-level {@code prediction}
 * (number or string) of a JSON answer becomes the event's prediction.
 */
final class Events {
    static final int MAX_TEXT_FEATURE = 200;
    static final int MAX_FEATURES = 200;
    private static final JsonFactory JSON = new JsonFactory();
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper(JSON);

    /** What happened in one call; {@code latencyMs} is null when no request was sent. */
    record Call(Endpoint endpoint, Side side, Arm arm, String requestId, long atMillis, Double latencyMs, boolean error,
            Long inputTokens, Long outputTokens, String outputText, Kind kind, byte[] requestBody, byte[] responseBody,
            Prompts.Prepared prepared) {
    }

    private Events() {
    }

    static Event event(Call c) {
        Capture cap = c.endpoint().capture();
        Map<String, Object> features = null;
        if (cap.features()) {
            if (c.prepared() != null && c.prepared().variables() != null) features = features(c.prepared().variables());
            else if (c.kind() == Kind.INVOKE) features = topLevel(c.requestBody());
        }
        String input = null;
        if (cap.inputs()) {
            if (c.prepared() != null && c.prepared().input() != null) input = c.prepared().input();
            else if (c.kind() == Kind.CHAT) input = lastUserMessage(c.requestBody());
            else if (c.requestBody() != null) input = new String(c.requestBody(), StandardCharsets.UTF_8);
        }
        String output = null;
        if (cap.outputs()) {
            if (c.outputText() != null) output = c.outputText();
            else if (c.responseBody() != null && c.responseBody().length > 0)
                output = new String(c.responseBody(), StandardCharsets.UTF_8);
        }
        Object prediction = c.outputText() == null && !c.error() ? prediction(c.responseBody()) : null;
        return new Event(c.requestId(), c.endpoint().project(), c.side().model(), c.side().modelVersion(),
                c.endpoint().name(), Instant.ofEpochMilli(c.atMillis()), c.latencyMs(), c.error(), c.arm(), prediction, null,
                null, features, c.side().promptVersion(), input, output, null, null, c.inputTokens(), c.outputTokens(), null);
    }

    private static Map<String, Object> features(ObjectNode variables) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : variables.properties()) {
            if (out.size() == MAX_FEATURES) break;
            Object v = scalar(e.getValue());
            if (v != null && e.getKey().length() <= MAX_TEXT_FEATURE && !e.getKey().isBlank()) out.put(e.getKey(), v);
        }
        return out;
    }

    private static Object scalar(JsonNode n) {
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual() && n.asText().length() <= MAX_TEXT_FEATURE) return n.asText();
        return null;
    }

    /** Top-level numbers and short strings of a JSON object; nested values are skipped. */
    static Map<String, Object> topLevel(byte[] body) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (body == null || body.length == 0) return out;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return out;
            while (p.nextToken() == JsonToken.FIELD_NAME && out.size() < MAX_FEATURES) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                boolean named = !name.isBlank() && name.length() <= MAX_TEXT_FEATURE;
                if (named && (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT)) {
                    double d = p.getDoubleValue();
                    if (Double.isFinite(d)) out.put(name, d);
                } else if (named && t == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_TEXT_FEATURE) {
                    out.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON: the backend saw it as it was; the event just has no features.
        }
        return out;
    }

    private static Object prediction(byte[] body) {
        if (body == null || body.length == 0) return null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("prediction")) {
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
                    if (t == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_TEXT_FEATURE) return p.getText();
                    return null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String lastUserMessage(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n != null && n.path("messages").isArray() ? Prompts.lastUserMessage((ArrayNode) n.get("messages")) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
