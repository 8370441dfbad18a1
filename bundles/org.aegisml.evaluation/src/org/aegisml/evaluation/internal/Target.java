package org.aegisml.evaluation.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.evaluation.Example;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.PromptVersionSpec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a version is sent for one example. A model version over a JSON backend gets the
 * example's inputs as a JSON object, checked against its signature (a missing or mistyped
 * feature fails that example); over a chat backend, one user message with the {@code input}.
 * A prompt version gets its template rendered with the inputs as variables (a variable without
 * a value fails that example), as a chat request with the version's parameters.
 */
final class Target {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private Target() {
    }

    static Caller.Body model(List<FeatureSpec> signature, InferenceRequest.Kind kind) {
        return e -> {
            if (kind == InferenceRequest.Kind.CHAT) return chat(SignalInput.of(e), Map.of());
            for (FeatureSpec f : signature) {
                Object v = e.inputs().get(f.name());
                if (v == null) throw new IllegalArgumentException("feature '" + f.name() + "' of the model's signature is missing");
                if (("number".equals(f.type()) || "integer".equals(f.type())) && Values.number(v) == null) {
                    throw new IllegalArgumentException("feature '" + f.name() + "' must be a number, not '" + v + "'");
                }
            }
            return Json.write(e.inputs()).getBytes(StandardCharsets.UTF_8);
        };
    }

    static Caller.Body prompt(PromptVersionSpec spec) {
        return e -> chat(render(spec.template(), e), spec.parameters());
    }

    static String render(String template, Example e) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = e.inputs().get(m.group(1));
            if (v == null) throw new IllegalArgumentException("the prompt's variable '" + m.group(1) + "' has no value");
            m.appendReplacement(out, Matcher.quoteReplacement(Values.text(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] chat(String text, Map<String, Object> parameters) {
        ObjectNode req = Json.MAPPER.createObjectNode();
        ArrayNode messages = req.putArray("messages");
        messages.addObject().put("role", "user").put("content", text);
        for (Map.Entry<String, Object> p : parameters.entrySet()) req.set(p.getKey(), Json.MAPPER.valueToTree(p.getValue()));
        return Json.write(req).getBytes(StandardCharsets.UTF_8);
    }

    /** The text of an example for a chat model: its {@code input}, else its inputs as JSON. */
    static final class SignalInput {
        private SignalInput() {
        }

        static String of(Example e) {
            Object in = e.inputs().get("input");
            return in != null ? Values.text(in) : Json.write(e.inputs());
        }
    }
}
