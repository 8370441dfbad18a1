package org.aegisml.api.registry;

import java.time.Instant;

/** One immutable version of an asset; only its stage changes over time. {@code artifact} is null for prompts. */
public record AssetVersion(AssetType type, String name, int version, VersionSpec spec, ArtifactRef artifact, Stage stage,
        Instant createdAt, String createdBy) {

    public VersionRef ref() {
        return new VersionRef(type, name, version);
    }
}
