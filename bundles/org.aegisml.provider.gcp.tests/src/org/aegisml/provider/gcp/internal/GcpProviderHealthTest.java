package org.aegisml.provider.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.api.provider.ProviderHealth.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GcpProviderHealthTest {

    @BeforeAll
    static void runtime() throws IOException {
        Fixtures.runtime();
    }

    @Test
    void okWithCredentialsAndAProjectWhenVertexAnswers() {
        Provider p = Fixtures.provider();
        assertEquals("gcp", p.name());
        ProviderHealth h = p.health();
        assertEquals(Status.OK, h.status(), h.detail());
        assertTrue(h.detail().contains(Fixtures.PROJECT), h.detail());
    }

    @Test
    void notConfiguredWithoutCredentials() throws IOException {
        // The build runs the tests with CLOUDSDK_CONFIG at an empty folder and NO_GCE_CHECK: with the
        // property gone, the standard chain has nothing left to find.
        String saved = System.clearProperty(Adc.ENV);
        try {
            ProviderHealth h = Fixtures.provider().health();
            assertEquals(Status.NOT_CONFIGURED, h.status(), h.detail());
            assertTrue(h.detail().contains("GOOGLE_APPLICATION_CREDENTIALS"), h.detail());
            assertTrue(h.detail().contains("metadata server"), h.detail());
        } finally {
            System.setProperty(Adc.ENV, saved);
        }
        assertEquals(Status.OK, Fixtures.provider().health().status());
    }

    @Test
    void notConfiguredWithoutAProject() {
        ProviderHealth h = new GcpProvider(Fixtures.config(Map.of()), new Adc()).health();
        assertEquals(Status.NOT_CONFIGURED, h.status(), h.detail());
        assertTrue(h.detail().contains("project"), h.detail());
    }

    @Test
    void notConfiguredWithAnInvalidSetting() {
        ProviderHealth h = new GcpProvider(Fixtures.config(Map.of("project", PROJECT_WITH_BLANK)), new Adc()).health();
        assertEquals(Status.NOT_CONFIGURED, h.status(), h.detail());
        assertTrue(h.detail().contains("is not a Google Cloud project id"), h.detail());
    }

    private static final String PROJECT_WITH_BLANK = "my project";

    @Test
    void unreachableWhenVertexDoesNotAnswer() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProviderHealth h = new GcpProvider(Fixtures.config(Map.of("project", Fixtures.PROJECT, "aiplatformEndpoint",
                "http://127.0.0.1:" + port)), new Adc()).health();
        assertEquals(Status.UNREACHABLE, h.status(), h.detail());
        assertFalse(h.detail().contains("ya29."), h.detail());
    }

    @AfterAll
    static void everyCallCarriedABearerToken() {
        Fixtures.assertAllAuthorized(Fixtures.vertex());
    }
}
