package org.aegisml.gateway.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What keeps a caller on one arm: a request header ({@code header:X-User}) or a top-level field
 * of the JSON body ({@code field:user_id}, a string or a number; for a prompt endpoint also a
 * field of its {@code variables}).
 */
record StickyKey(boolean header, String name) {
    static final JsonFactory JSON = new JsonFactory();

    /** Parses {@code header:Name} / {@code field:name}; null for null, blank or anything else (logged by the caller). */
    static StickyKey parse(String spec) {
        if (spec == null || spec.isBlank()) return null;
        int colon = spec.indexOf(':');
        if (colon < 0) return null;
        String kind = spec.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String name = spec.substring(colon + 1).strip();
        if (name.isEmpty()) return null;
        return switch (kind) {
            case "header" -> new StickyKey(true, name.toLowerCase(Locale.ROOT));
            case "field" -> new StickyKey(false, name);
            default -> null;
        };
    }

    /** The key's value in this request, or null when the request does not carry it. Headers are looked up in lower case. */
    String of(Map<String, String> headers, byte[] body) {
        if (header) {
            String v = headers.get(name);
            return v == null || v.isEmpty() ? null : v;
        }
        return field(body, name);
    }

    /** A top-level field's scalar value as text (or, failing that, {@code variables.<name>}); null if absent or not JSON. */
    static String field(byte[] body, String name) {
        if (body == null || body.length == 0) return null;
        String nested = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals(name)) {
                    return scalar(p, t);
                } else if (f.equals("variables") && t == JsonToken.START_OBJECT && nested == null) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String v = p.currentName();
                        JsonToken vt = p.nextToken();
                        if (v.equals(name) && nested == null) nested = scalar(p, vt);
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return nested;
        }
        return nested;
    }

    private static String scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                String s = p.getText();
                yield s.isEmpty() ? null : s;
            }
            default -> null;
        };
    }
}
