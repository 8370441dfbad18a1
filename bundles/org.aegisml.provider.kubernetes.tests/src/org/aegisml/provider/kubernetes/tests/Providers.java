package org.aegisml.provider.kubernetes.tests;

import java.io.IOException;
import java.util.Hashtable;
import java.util.UUID;

import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Provider;
import org.aegisml.testing.TestRuntime;

/**
 * Configures the provider (PID {@value #PID}) and waits for the services that carry that very
 * configuration: each configuration gets a marker property, and Declarative Services publishes
 * configuration properties on the component's services.
 */
final class Providers {
    static final String PID = "org.aegisml.provider.kubernetes";
    static final String MARKER = "aegisml.test.run";

    private Providers() {
    }

    record Services(Provider provider, ModelHost host) {
    }

    /** {@code kubeconfig} and {@code namespace} may be null (left out of the configuration). */
    static Services configure(String kubeconfig, String namespace) throws IOException {
        String run = UUID.randomUUID().toString();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(MARKER, run);
        if (kubeconfig != null) p.put("kubeconfig", kubeconfig);
        if (namespace != null) p.put("namespace", namespace);
        TestRuntime.configure(PID, p);
        String filter = "(&(" + Provider.PROPERTY + "=kubernetes)(" + MARKER + "=" + run + "))";
        return new Services(TestRuntime.service(Provider.class, filter), TestRuntime.service(ModelHost.class, filter));
    }
}
