package org.aegisml.api.registry;

/** The file behind a version: its content address (sha256, lowercase hex), size and original name. */
public record ArtifactRef(String sha256, long size, String filename, String mediaType) {
}
