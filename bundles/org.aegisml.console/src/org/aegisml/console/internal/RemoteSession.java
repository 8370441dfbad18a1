package org.aegisml.console.internal;

import java.net.URI;

import org.aegisml.api.UnavailableException;
import org.aegisml.client.Connection;
import org.aegisml.client.Connector;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** A remote session through the REST client; the one class of the shell that uses the client's types. */
final class RemoteSession {
    private RemoteSession() {
    }

    static Session open(BundleContext context, ServiceReference<?> ref, URI server, String key) {
        Connector connector = (Connector) context.getService(ref);
        if (connector == null) throw new UnavailableException(null, "the REST client went away; try again");
        Connection c;
        try {
            c = connector.connect(server, key);
        } catch (RuntimeException e) {
            context.ungetService(ref);
            throw e;
        }
        return new Session(c.server().toString(), c.actor(), c::service, () -> {
            try {
                c.close();
            } finally {
                context.ungetService(ref);
            }
        });
    }
}
