package org.aegisml.evaluation.internal;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A practical subset of JSON Schema (draft 2020-12 keywords): {@code type} (a name or a list),
 * {@code required}, {@code properties}, {@code additionalProperties: false}, {@code enum},
 * {@code const}, {@code items}, {@code minItems}/{@code maxItems}, {@code minimum}/{@code maximum},
 * {@code minLength}/{@code maxLength}. Other keywords are ignored, which errs towards "valid";
 * the subset covers what LLM structured-output checks use.
 */
final class JsonSchema {
    private JsonSchema() {
    }

    /** The first violation as "path: what", or null when {@code value} satisfies {@code schema}. */
    static String violation(JsonNode schema, JsonNode value) {
        return check(schema, value, "$");
    }

    private static String check(JsonNode s, JsonNode v, String path) {
        if (s == null || !s.isObject()) return null;
        JsonNode type = s.get("type");
        if (type != null) {
            boolean any = false;
            if (type.isArray()) {
                for (JsonNode t : type) any |= is(t.asText(), v);
            } else {
                any = is(type.asText(), v);
            }
            if (!any) return path + ": expected " + type + ", got " + kind(v);
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray()) {
            boolean found = false;
            for (JsonNode e : en) found |= equal(e, v);
            if (!found) return path + ": " + v + " is not one of " + en;
        }
        JsonNode c = s.get("const");
        if (c != null && !equal(c, v)) return path + ": must be " + c;
        if (v.isNumber()) {
            if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble()) return path + ": below minimum " + s.get("minimum");
            if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble()) return path + ": above maximum " + s.get("maximum");
        }
        if (v.isTextual()) {
            int n = v.asText().codePointCount(0, v.asText().length());
            if (s.has("minLength") && n < s.get("minLength").asInt()) return path + ": shorter than " + s.get("minLength");
            if (s.has("maxLength") && n > s.get("maxLength").asInt()) return path + ": longer than " + s.get("maxLength");
        }
        if (v.isArray()) {
            if (s.has("minItems") && v.size() < s.get("minItems").asInt()) return path + ": fewer than " + s.get("minItems") + " items";
            if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) return path + ": more than " + s.get("maxItems") + " items";
            JsonNode items = s.get("items");
            for (int i = 0; items != null && i < v.size(); i++) {
                String e = check(items, v.get(i), path + "[" + i + "]");
                if (e != null) return e;
            }
        }
        if (v.isObject()) {
            JsonNode req = s.get("required");
            if (req != null && req.isArray()) {
                for (JsonNode r : req) if (!v.has(r.asText())) return path + ": missing required property '" + r.asText() + "'";
            }
            JsonNode props = s.get("properties");
            if (props != null && props.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (v.has(p.getKey())) {
                        String e = check(p.getValue(), v.get(p.getKey()), path + "." + p.getKey());
                        if (e != null) return e;
                    }
                }
            }
            JsonNode additional = s.get("additionalProperties");
            if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
                    String f = it.next();
                    if (props == null || !props.has(f)) return path + ": property '" + f + "' is not allowed";
                }
            }
        }
        return null;
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.asDouble() == b.asDouble();
        return a.equals(b);
    }

    private static boolean is(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> true;
        };
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) return "object";
        if (v.isArray()) return "array";
        if (v.isTextual()) return "string";
        if (v.isNumber()) return "number";
        if (v.isBoolean()) return "boolean";
        return "null";
    }
}
