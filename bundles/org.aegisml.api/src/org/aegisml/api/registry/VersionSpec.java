package org.aegisml.api.registry;

/** The type-specific, immutable content of a version. */
public sealed interface VersionSpec permits ModelVersionSpec, PromptVersionSpec, DatasetVersionSpec {
    AssetType type();

    /** Free text describing the version; may be null. */
    String description();
}
