package org.aegisml.api.registry;

import java.time.Instant;
import java.util.Map;

/**
 * A registered model, prompt or dataset. {@code kind} is set for models only.
 * {@code latestVersion} is 0 while no version exists.
 */
public record Asset(AssetType type, String name, ModelKind kind, String description, Map<String, String> tags,
        Instant createdAt, String createdBy, int latestVersion, Map<String, Integer> aliases) {
    public Asset {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    }
}
