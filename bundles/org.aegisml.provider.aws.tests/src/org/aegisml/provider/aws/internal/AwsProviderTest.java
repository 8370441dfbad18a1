package org.aegisml.provider.aws.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The bundle's services in the OSGi runtime, configured through Configuration Admin, and the provider's health. */
class AwsProviderTest {
    private static final String S3_STORE = "(aegisml.artifact.scheme=s3)";

    @Test
    void servicesComeWithTheBundleAndTheS3StoreWithItsConfiguration() throws Exception {
        MotoServer moto = MotoServer.get();
        moto.reset();
        Provider provider = MotoServer.service(Provider.class);
        assertEquals("aws", provider.name());
        assertEquals("Amazon Web Services", provider.title());
        ProviderHealth health = provider.health();
        assertEquals(ProviderHealth.Status.OK, health.status(), health::toString);
        assertTrue(health.detail().contains(MotoServer.REGION), health.detail());
        assertEquals("sagemaker", MotoServer.service(ModelHost.class).type());
        assertEquals("aws", MotoServer.service(CostSource.class).provider());

        BundleContext ctx = TestRuntime.context();
        Configuration old = TestRuntime.service(ConfigurationAdmin.class).getConfiguration(S3ArtifactStore.PID, "?");
        if (old.getProperties() != null) old.delete();
        awaitNoS3Store(ctx);
        assertNull(ctx.getServiceReferences(ArtifactStore.class.getName(), S3_STORE), "no S3 store without its configuration");

        try (AwsSession session = moto.session(); S3Client s3 = session
                .configure(S3Client.builder(), Region.of(MotoServer.REGION), moto.url).forcePathStyle(true).build()) {
            s3.createBucket(r -> r.bucket("osgi-artifacts"));
        }
        ArtifactStore store = MotoServer.s3Store("osgi-artifacts", "blobs/", null);
        ServiceReference<?>[] refs = ctx.getServiceReferences(ArtifactStore.class.getName(), S3_STORE);
        assertEquals(1, refs.length);
        assertEquals(10, refs[0].getProperty("service.ranking"));
        assertEquals("aws", refs[0].getProperty(Provider.PROPERTY));
        byte[] bytes = "through the OSGi service".getBytes();
        String hash = store.commit(store.stage(new ByteArrayInputStream(bytes), 1024)).sha256();
        try (InputStream in = store.open(hash).orElseThrow()) {
            assertArrayEquals(bytes, in.readAllBytes());
        }

        TestRuntime.service(ConfigurationAdmin.class).getConfiguration(S3ArtifactStore.PID, "?").delete();
        awaitNoS3Store(ctx);
        assertNull(ctx.getServiceReferences(ArtifactStore.class.getName(), S3_STORE), "the S3 store goes with its configuration");
    }

    private static void awaitNoS3Store(BundleContext ctx) throws Exception {
        long end = System.nanoTime() + TestRuntime.TIMEOUT.toNanos();
        while (ctx.getServiceReferences(ArtifactStore.class.getName(), S3_STORE) != null && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void healthIsNotConfiguredWithoutRegionOrCredentials() throws Exception {
        MotoServer.get();
        Assumptions.assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
                && System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null,
                "the environment has AWS settings of its own");
        Map<String, String> saved = new java.util.HashMap<>();
        for (String k : new String[] { "aws.accessKeyId", "aws.secretAccessKey", "aws.region", "aws.configFile",
                "aws.sharedCredentialsFile" }) {
            saved.put(k, System.getProperty(k));
        }
        try {
            // No profile files, no region property, instance metadata off (MotoServer): the chains find nothing.
            System.clearProperty("aws.region");
            System.setProperty("aws.configFile", TestRuntime.dataDir().resolve("no-aws-config").toString());
            System.setProperty("aws.sharedCredentialsFile", TestRuntime.dataDir().resolve("no-aws-credentials").toString());
            try (AwsSession session = new AwsSession(new AwsSession.Settings(null, null, null, 1))) {
                ProviderHealth h = new AwsProvider(session).health();
                assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status(), h::toString);
                assertTrue(h.detail().contains("region"), h.detail());
            }
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            try (AwsSession session = new AwsSession(new AwsSession.Settings("eu-west-1", null, null, 1))) {
                ProviderHealth h = new AwsProvider(session).health();
                assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status(), h::toString);
                assertTrue(h.detail().contains("credentials"), h.detail());
                assertTrue(h.detail().contains("aws.accessKeyId"), "names the chain it tried: " + h.detail());
            }
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) System.clearProperty(k);
                else System.setProperty(k, v);
            });
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsUnreachable() throws Exception {
        MotoServer.get();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AwsSession session = new AwsSession(new AwsSession.Settings(MotoServer.REGION,
                URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(10), 1))) {
            ProviderHealth h = new AwsProvider(session).health();
            assertEquals(ProviderHealth.Status.UNREACHABLE, h.status(), h::toString);
        }
    }
}
