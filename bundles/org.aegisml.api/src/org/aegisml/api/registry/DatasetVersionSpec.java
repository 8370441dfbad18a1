package org.aegisml.api.registry;

import java.util.List;

/**
 * One immutable dataset version. {@code rowCount} and {@code schema} are derived from the file
 * by the registry, never trusted from the client; the content hash is the artifact's sha256.
 */
public record DatasetVersionSpec(String description, DatasetFormat format, long rowCount, List<FeatureSpec> schema)
        implements VersionSpec {
    public DatasetVersionSpec {
        schema = schema == null ? List.of() : List.copyOf(schema);
    }

    @Override
    public AssetType type() {
        return AssetType.DATASET;
    }
}
