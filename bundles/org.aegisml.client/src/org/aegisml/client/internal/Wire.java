package org.aegisml.client.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.aegisml.api.Page;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.registry.VersionRef;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The server's JSON dialect read back: snake_case names, lower-case enums, ISO-8601 instants
 * and durations. Where the server writes an API record as it is, the record is read with
 * {@link #MAPPER} directly; views the server builds by hand are read field by field by the
 * {@code Rest*} classes with the helpers here. Unlike the server this reader is tolerant: a
 * field a newer server adds is ignored rather than refused.
 */
final class Wire {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .addModule(undefinedNumbers())
            .build();

    private Wire() {
    }

    /**
     * The server writes a non-finite double (an undefined p-value, a change against zero) as
     * null; a primitive double that arrives null is therefore NaN again, not 0.
     */
    private static SimpleModule undefinedNumbers() {
        SimpleModule m = new SimpleModule("undefined-numbers");
        m.addDeserializer(Double.TYPE, new StdDeserializer<Double>(Double.TYPE) {
            private static final long serialVersionUID = 1L;

            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
                if (t == JsonToken.VALUE_NULL) return Double.NaN;
                return (Double) ctxt.handleUnexpectedToken(Double.TYPE, p);
            }

            @Override
            public Double getNullValue(DeserializationContext ctxt) {
                return Double.NaN;
            }
        });
        return m;
    }

    /** A record the server wrote as it is. */
    static <T> T read(JsonNode n, Class<T> type) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        try {
            return MAPPER.treeToValue(n, type);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(type.getSimpleName(), e);
        }
    }

    static <T> T read(JsonNode n, TypeReference<T> type) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        try {
            return MAPPER.readerFor(type).readValue(n);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(type.getType().getTypeName(), e);
        }
    }

    static UnavailableException unreadable(String what, Exception e) {
        return new UnavailableException(null, "the server's answer does not read as " + what + ": " + e.getMessage(), e);
    }

    /** The {@code items} of a list answer, each read by {@code f}. */
    static <T> List<T> items(JsonNode n, Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        if (n == null) return out;
        for (JsonNode x : n.path("items")) out.add(f.apply(x));
        return out;
    }

    static <T> List<T> items(JsonNode n, Class<T> type) {
        return items(n, x -> read(x, type));
    }

    /** A page answer: {@code items}, {@code total}, {@code page}, {@code size}. */
    static <T> Page<T> page(JsonNode n, Function<JsonNode, T> f) {
        return new Page<>(items(n, f), n.path("total").asLong(), n.path("page").asInt(), n.path("size").asInt());
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : Instant.parse(s);
    }

    /** An ISO-8601 duration ({@code PT5M}), as the server writes every duration. */
    static Duration duration(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : Duration.parse(s);
    }

    static String duration(Duration d) {
        return d == null ? null : d.toString();
    }

    /** A JSON object as plain Java values (maps, lists, strings, numbers, booleans). */
    static Map<String, Object> map(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        return MAPPER.convertValue(n, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    static List<String> strings(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) out.add(x.isNull() ? null : x.asText());
        return out;
    }

    /** {@code models/churn/3}, as the server writes a version reference in text. */
    static VersionRef ref(String s) {
        if (s == null) return null;
        VersionRef ref = VersionRef.parse(s);
        if (ref != null) return ref;
        throw new UnavailableException(null, "the server's answer holds '" + s + "' where a version like models/churn/3 belongs");
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Any value as JSON, written the server's way. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
