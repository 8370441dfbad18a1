package org.aegisml.api.registry;

import java.util.Map;

/** What a client supplies to register an asset; {@code kind} is required for models only. */
public record NewAsset(AssetType type, String name, ModelKind kind, String description, Map<String, String> tags) {
    public NewAsset {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
