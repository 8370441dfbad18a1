package org.aegisml.client.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.aegisml.api.NotFoundException;

/** What the REST implementations share beyond the HTTP client. */
final class Remote {
    private Remote() {
    }

    /**
     * A lookup that answers empty where the service answers empty: the server turns that into
     * a 404 naming {@code field} (the id or name looked up). Any other 404 (an unknown model
     * behind the name, a server without this endpoint) is thrown as it is, as in process.
     */
    static <T> Optional<T> optional(Supplier<T> lookup, String... fields) {
        try {
            return Optional.ofNullable(lookup.get());
        } catch (NotFoundException e) {
            if (e.field() != null && Set.of(fields).contains(e.field())) return Optional.empty();
            throw e;
        }
    }

    /** For what only runs beside the services in the server's own process. */
    static UnsupportedOperationException serverOnly(String what) {
        return new UnsupportedOperationException(what + " runs only inside the server; the REST API does not offer it");
    }
}
