package org.aegisml.api.registry;

import java.util.Locale;

/** What an asset is. Each type has its own name space: a model and a prompt may share a name. */
public enum AssetType {
    MODEL("models"), PROMPT("prompts"), DATASET("datasets");

    private final String collection;

    AssetType(String collection) {
        this.collection = collection;
    }

    /** The plural used in REST paths and lineage references, e.g. {@code models}. */
    public String collection() {
        return collection;
    }

    /** Accepts {@code model}, {@code models}, {@code MODEL}...; null when the text names no type. */
    public static AssetType parse(String text) {
        if (text == null) return null;
        String t = text.toLowerCase(Locale.ROOT);
        for (AssetType a : values()) {
            if (a.collection.equals(t) || a.name().toLowerCase(Locale.ROOT).equals(t)) return a;
        }
        return null;
    }
}
