package org.aegisml.api.artifact;

/**
 * Bytes received and hashed but not yet visible under their hash. {@code handle} is the
 * store's own token for the staged copy (a temporary file, an upload id).
 */
public record StagedArtifact(String sha256, long size, String handle) {
}
