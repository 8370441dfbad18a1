package org.aegisml.api.store;

import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs units of work against the database. {@link #write} runs {@code work} in one
 * transaction that commits when it returns and rolls back when it throws, so a failed
 * request leaves nothing behind. Both methods throw
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
