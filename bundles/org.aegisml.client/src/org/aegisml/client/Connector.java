package org.aegisml.client;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens connections to an AegisML server. Registered as a service (a Declarative Services
 * component, immediate, without configuration); {@link #standalone()} gives one for use
 * without an OSGi framework.
 */
@ProviderType
public interface Connector {

    /** The service property every service of a connection carries: the server's URL. */
    String REMOTE = "aegisml.remote";

    /**
     * Checks the server and the key with {@code GET /api/v1/me}, then registers the REST-backed
     * services ({@code Deployments}, {@code Approvals}, {@code Alerts}, {@code Monitoring},
     * {@code DriftAnalysis}, {@code AuditLog}, {@code Registry}, {@code CostLedger}) in the OSGi service registry with
     * the service property {@value #REMOTE} = the server URL, and returns the open connection.
     *
     * @param server the server's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param apiKey the API key; never logged, never shown, never put in service properties
     * @throws org.aegisml.api.ValidationException when the URL is not http(s) or the key is blank
     * @throws org.aegisml.api.UnavailableException when the server cannot be reached
     * @throws AuthenticationException when the server refuses the key
     */
    Connection connect(URI server, String apiKey);

    /**
     * A connector for use without an OSGi framework (a command line tool, a unit test): its
     * connections register nothing; their services are had from {@link Connection#service(Class)}.
     */
    static Connector standalone() {
        return new org.aegisml.client.internal.RestConnector(null);
    }
}
