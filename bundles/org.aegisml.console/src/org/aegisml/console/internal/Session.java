package org.aegisml.console.internal;

import org.aegisml.api.security.Actor;

/**
 * Where the console's services come from. Remote: the REST client's for one server; local:
 * the service bundles in this process on the embedded store the console configured. Views get
 * their services from here (through the view context), so they see the same API either way.
 */
record Session(String source, Actor operator, Services services, AutoCloseable closer) {
    /** The session's implementation of an API service. */
    interface Services {
        <T> T get(Class<T> type);
    }

    void close() {
        try {
            if (closer != null) closer.close();
        } catch (Exception e) {
            // Closing is best effort: the window is going away or switching source.
        }
    }
}
