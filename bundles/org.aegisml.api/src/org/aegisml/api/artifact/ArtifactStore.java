package org.aegisml.api.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI for artifact storage, addressed by the SHA-256 of the content. Implementations: the
 * local filesystem (default) and object stores from provider bundles.
 * <p>
 * Storing is two steps so that a caller can order it with its own transaction:
 * {@link #stage} receives and hashes the bytes, {@link #commit} makes them visible under
 * their hash (atomically: a reader never sees a partial blob) or, when those bytes are
 * already stored, writes nothing; {@link #discard} drops a staged copy that will not be
 * committed. Implementations are thread-safe.
 */
@ConsumerType
public interface ArtifactStore {

    /** A short name, e.g. {@code local}, {@code s3}. */
    String scheme();

    /** Reads the stream to its end, accepting at most {@code maxBytes}. */
    StagedArtifact stage(InputStream content, long maxBytes) throws IOException;

    /** Reads back a staged artifact before it is committed (to inspect or validate it). */
    InputStream openStaged(StagedArtifact staged) throws IOException;

    /** Publishes a staged artifact; {@code created} is false when the bytes were already present. */
    StoredArtifact commit(StagedArtifact staged) throws IOException;

    /** Forgets a staged artifact; harmless after {@link #commit}. */
    void discard(StagedArtifact staged);

    /** Opens the blob for reading, or empty when there is none under that hash. */
    Optional<InputStream> open(String sha256) throws IOException;

    boolean exists(String sha256) throws IOException;

    /** Removes a blob; used to undo a commit whose transaction failed. Returns whether something was removed. */
    boolean delete(String sha256) throws IOException;
}
