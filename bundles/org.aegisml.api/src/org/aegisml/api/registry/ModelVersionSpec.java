package org.aegisml.api.registry;

import java.util.List;
import java.util.Map;

/**
 * What describes one model version besides its artifact: the framework and serialization
 * format, training parameters, evaluation metrics, tags and the input signature.
 */
public record ModelVersionSpec(String description, String framework, String format, Map<String, Object> params,
        Map<String, Double> metrics, Map<String, String> tags, List<FeatureSpec> signature) implements VersionSpec {
    public ModelVersionSpec {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        signature = signature == null ? List.of() : List.copyOf(signature);
    }

    @Override
    public AssetType type() {
        return AssetType.MODEL;
    }
}
