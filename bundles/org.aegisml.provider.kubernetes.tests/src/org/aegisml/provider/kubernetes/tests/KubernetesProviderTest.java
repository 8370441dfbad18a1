package org.aegisml.provider.kubernetes.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;

/**
 * Health through the standard chain. The test JVM runs with an empty $HOME and a $KUBECONFIG
 * that names no file (see the pom), so only the {@code kubeconfig} setting can configure it.
 */
class KubernetesProviderTest {

    @Test
    void notConfiguredWithoutAKubeconfig() throws Exception {
        Providers.Services s = Providers.configure(null, null);
        ProviderHealth h = s.provider().health();
        assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status(), h.detail());
        assertTrue(h.detail().contains("$KUBECONFIG") && h.detail().contains(".kube"), h.detail());
        assertEquals("kubernetes", s.provider().name());
        UnavailableException e = assertThrows(UnavailableException.class, () -> s.host().status("churn-api"));
        assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    }

    @Test
    void notConfiguredWhenTheNamedKubeconfigIsMissing() throws Exception {
        Path missing = TestRuntime.dataDir().resolve("missing-kubeconfig.yaml");
        ProviderHealth h = Providers.configure(missing.toString(), null).provider().health();
        assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status(), h.detail());
        assertTrue(h.detail().contains(missing.toString()), h.detail());
    }

    @Test
    void okWhenTheClusterAnswers() throws Exception {
        try (MockCluster k8s = MockCluster.start(TestRuntime.dataDir().resolve("k8s-health"), "ml-health")) {
            ProviderHealth h = Providers.configure(k8s.kubeconfig().toString(), "ops").provider().health();
            assertEquals(ProviderHealth.Status.OK, h.status(), h.detail());
            assertTrue(h.detail().contains("namespace ops"), "the setting wins over the context: " + h.detail());
            assertTrue(!h.detail().contains("not-a-real-token"), h.detail());
        }
    }

    @Test
    void unreachableWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = Files.createDirectories(TestRuntime.dataDir().resolve("k8s-down")).resolve("kubeconfig.yaml");
        Files.writeString(file, MockCluster.kubeconfig("http://127.0.0.1:" + port, "ml"));
        ProviderHealth h = Providers.configure(file.toString(), null).provider().health();
        assertEquals(ProviderHealth.Status.UNREACHABLE, h.status(), h.detail());
        assertTrue(h.detail().contains("cannot be reached"), h.detail());
        assertTrue(!h.detail().contains("not-a-real-token"), h.detail());
    }
}
