package org.aegisml.api.registry;

import java.io.InputStream;

/** A version's artifact opened for reading, with the version it belongs to; the caller closes {@code content}. */
public record ArtifactContent(AssetVersion version, InputStream content) {
}
