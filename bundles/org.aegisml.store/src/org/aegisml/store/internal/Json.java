package org.aegisml.store.internal;

import java.util.Map;

import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.VersionSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** How the store keeps the JSON columns (tags, version specs): plain Jackson, stable field names. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private Json() {
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
