package org.aegisml.api.store;

import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs units of work against the database. {@link #write} runs {@code work} atomically: its
 * changes commit when it returns and are rolled back when it throws, so a failed request
 * leaves nothing behind, and {@code write} returns only after the commit. Implementations may
 * commit several callers' units together (group commit) and may run a unit a second time
 * after a transient failure, so a unit must not call {@code write} itself and its effects
 * outside the database must be idempotent. Both methods throw
 * {@link org.aegisml.api.UnavailableException} when the database cannot be reached.
 */
@ProviderType
public interface Store {

    <T> T write(Function<StoreTx, T> work);

    <T> T read(Function<StoreTx, T> work);

    /** {@code h2} or {@code postgresql}. */
    String dialect();

    /** Cheap liveness probe of the database connection. */
    boolean healthy();
}
