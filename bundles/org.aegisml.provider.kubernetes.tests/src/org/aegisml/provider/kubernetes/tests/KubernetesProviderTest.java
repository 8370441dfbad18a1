package org.aegisml.provider.kubernetes.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.testing.TestRuntime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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

    /**
     * The path real clusters take: TLS, and a client certificate whose PEM key the client parses
     * with the Bouncy Castle it carries inside the provider bundle.
     */
    @Test
    void okOverTlsWithAClientCertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name dn = new X500Name("CN=tester,O=system:masters");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(dn,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)),
                dn, kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        String user = """
                - name: tester
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(base64Pem(cert), base64Pem(kp.getPrivate()));
        try (MockCluster k8s = MockCluster.start(TestRuntime.dataDir().resolve("k8s-tls"), "ml-tls", true, user)) {
            Providers.Services s = Providers.configure(k8s.kubeconfig().toString(), null);
            ProviderHealth h = s.provider().health();
            assertEquals(ProviderHealth.Status.OK, h.status(), h.detail());
            assertTrue(h.detail().contains("https://127.0.0.1:"), h.detail());
            assertTrue(!h.detail().contains("PRIVATE"), h.detail());
        }
    }

    private static String base64Pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        }
        return Base64.getEncoder().encodeToString(w.toString().getBytes(StandardCharsets.US_ASCII));
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
