package org.aegisml.api.registry;

/** Names one version of one asset, e.g. {@code models/churn/3}. */
public record VersionRef(AssetType type, String name, int version) {
    @Override
    public String toString() {
        return type.collection() + "/" + name + "/" + version;
    }
}
