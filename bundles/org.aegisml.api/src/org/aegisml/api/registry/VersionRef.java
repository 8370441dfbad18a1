package org.aegisml.api.registry;

/** Names one version of one asset, e.g. {@code models/churn/3}. */
public record VersionRef(AssetType type, String name, int version) {
    @Override
    public String toString() {
        return type.collection() + "/" + name + "/" + version;
    }

    /**
     * The inverse of {@link #toString()}: {@code models/churn/3} (surrounding blanks ignored);
     * null for anything else, including a blank name or a version below 1, so that each caller
     * says in its own terms what was wrong.
     */
    public static VersionRef parse(String text) {
        if (text == null) return null;
        String[] p = text.strip().split("/");
        if (p.length != 3 || p[1].isBlank()) return null;
        AssetType type = null;
        for (AssetType t : AssetType.values()) {
            if (t.collection().equals(p[0])) type = t;
        }
        if (type == null) return null;
        try {
            int version = Integer.parseInt(p[2]);
            return version < 1 ? null : new VersionRef(type, p[1], version);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
