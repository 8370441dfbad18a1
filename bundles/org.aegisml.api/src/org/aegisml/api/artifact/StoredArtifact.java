package org.aegisml.api.artifact;

/**
 * The outcome of {@link ArtifactStore#commit}: the content address, the size, and whether these
 * bytes were new to the store ({@code created}) or already present and so stored nothing.
 */
public record StoredArtifact(String sha256, long size, boolean created) {
}
