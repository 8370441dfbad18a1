package org.aegisml.client;

import java.net.URI;
import java.util.Set;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open connection to one server with one API key. Its services act as the key's owner:
 * the {@code Actor} arguments of their methods are ignored, since the server knows the caller
 * from the key. After {@link #close()} they refuse every call with
 * {@link org.aegisml.api.UnavailableException}.
 */
@ProviderType
public interface Connection extends AutoCloseable {

    /** The server's base URL, as given to {@link Connector#connect}. */
    URI server();

    /** Whom the key belongs to (from {@code GET /api/v1/me}), as of the connection's opening. */
    Actor actor();

    /**
     * Asks {@code GET /healthz} now: true when the server answers that it is up. Never throws; a
     * closed connection, a server that cannot be reached and one that answers that it is down
     * (503: its database is unreachable) are all false.
     */
    boolean reachable();

    /**
     * The REST implementation of one of {@link #services()}, the same object the connection
     * registered, for use without the service registry.
     *
     * @throws IllegalArgumentException for a type the connection does not offer
     */
    <T> T service(Class<T> type);

    /** The service interfaces a connection offers. */
    Set<Class<?>> services();

    /** Unregisters the services and ends the connection; calling it again does nothing. */
    @Override
    void close();
}
