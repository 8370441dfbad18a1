package org.aegisml.api.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI for artifact storage, addressed by the SHA-256 of the content. Implementations: the
 * local filesystem (default) and object stores from provider bundles.
 * <p>
 * {@link #put} must be atomic: a reader never sees a partial blob under a hash, and storing
 * bytes that are already present must not write them again. Implementations are thread-safe.
 */
@ConsumerType
public interface ArtifactStore {

    /** A short name, e.g. {@code local}, {@code s3}. */
    String scheme();

    /** Stores the stream's bytes (read to the end) and returns their address; at most {@code maxBytes} are accepted. */
    StoredArtifact put(InputStream content, long maxBytes) throws IOException;

    /** Opens the blob for reading, or empty when there is none under that hash. */
    Optional<InputStream> open(String sha256) throws IOException;

    boolean exists(String sha256) throws IOException;

    long size(String sha256) throws IOException;

    /** Removes a blob; used to undo a put whose transaction failed. Returns whether something was removed. */
    boolean delete(String sha256) throws IOException;
}
