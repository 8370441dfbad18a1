package org.aegisml.api.registry;

import org.aegisml.api.PageRequest;

/**
 * Filter for listing assets. Null fields do not filter. {@code tag} is {@code key} (the tag is
 * present) or {@code key=value}; {@code text} matches name or description, ignoring case.
 */
public record AssetQuery(AssetType type, ModelKind kind, String tag, String text, PageRequest page) {
    public AssetQuery {
        if (page == null) page = PageRequest.first();
    }
}
