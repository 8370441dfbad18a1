package org.aegisml.store.internal;

import java.util.Map;

import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.VersionSpec;

import org.aegisml.api.deployment.Target;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How the store keeps the JSON columns (tags, version specs, deployment values): plain
 * Jackson, stable field names. java.time values are ISO-8601 text ({@code PT1.5S},
 * {@code 2026-01-02T03:04:05.123456789Z}), so Durations and Instants come back exact to the
 * nanosecond, which epoch-number forms would not guarantee for Durations.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Target.isPrompt() looks like a property to Jackson; it is derived, and writing it
            // would call into a value that may be half-built.
            .addMixIn(Target.class, DerivedTargetFields.class)
            .build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private Json() {
    }

    @JsonIgnoreProperties({ "prompt" })
    private interface DerivedTargetFields {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static Map<String, String> tags(String json) {
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt tags column", e);
        }
    }

    static VersionSpec spec(AssetType type, String json) {
        Class<? extends VersionSpec> cls = switch (type) {
            case MODEL -> ModelVersionSpec.class;
            case PROMPT -> PromptVersionSpec.class;
            case DATASET -> DatasetVersionSpec.class;
        };
        try {
            return MAPPER.readValue(json, cls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt version spec column", e);
        }
    }
}
