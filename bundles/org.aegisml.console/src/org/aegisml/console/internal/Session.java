package org.aegisml.console.internal;

import org.aegisml.api.security.Actor;

/**
 * Where the console's services come from. Remote: the REST client registered them for a
 * server; local: the service bundles run in this process on the embedded store the console
 * configured. Either way views see the same API services and cannot tell the difference.
 */
record Session(String source, Actor operator, AutoCloseable closer) {
    void close() {
        try {
            if (closer != null) closer.close();
        } catch (Exception e) {
            // Closing is best effort: the window is going away or switching source.
        }
    }
}
