package org.aegisml.provider.aws.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Hashtable;
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

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The bundle's services in the OSGi runtime, configured through Configuration Admin, and the provider's health. */
class AwsProviderTest {

    @Test
    void servicesComeWithTheBundleAndTheS3StoreWithItsConfiguration() throws Exception {
        MotoServer moto = MotoServer.get();
        moto.reset();
        TestRuntime.configure(AwsSession.PID, new Hashtable<>(Map.of("region", MotoServer.REGION,
                "endpoint", moto.url.toString(), "apiCallTimeoutSeconds", 20, "maxAttempts", 2)));
        String aws = "(" + Provider.PROPERTY + "=aws)";

        Provider provider = TestRuntime.service(Provider.class, aws);
        assertEquals("aws", provider.name());
        assertEquals("Amazon Web Services", provider.title());
        // The configuration may reach the session after the first lookup; health settles on OK.
        ProviderHealth health = provider.health();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!health.ok() && System.nanoTime() < end) {
            Thread.sleep(200);
            health = TestRuntime.service(Provider.class, aws).health();
        }
        assertTrue(health.ok(), health::toString);
        assertEquals("sagemaker", TestRuntime.service(ModelHost.class, aws).type());
        assertEquals("aws", TestRuntime.service(CostSource.class, aws).provider());

        BundleContext ctx = TestRuntime.context();
        String s3Filter = "(aegisml.artifact.scheme=s3)";
        assertEquals(null, ctx.getServiceReferences(ArtifactStore.class.getName(), s3Filter),
                "no S3 store without its configuration");

        try (S3Client s3 = S3Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto.url)
                .forcePathStyle(true).httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            s3.createBucket(r -> r.bucket("osgi-artifacts"));
        }
        Configuration s3Config = TestRuntime.configure(S3ArtifactStore.PID,
                new Hashtable<>(Map.of("bucket", "osgi-artifacts", "prefix", "blobs/", "service.ranking", 10)));
        try {
            ArtifactStore store = TestRuntime.service(ArtifactStore.class, s3Filter + aws);
            ServiceReference<?>[] refs = ctx.getServiceReferences(ArtifactStore.class.getName(), s3Filter);
            assertEquals(10, refs[0].getProperty("service.ranking"));
            byte[] bytes = "through the OSGi service".getBytes();
            String hash = store.commit(store.stage(new ByteArrayInputStream(bytes), 1024)).sha256();
            try (InputStream in = store.open(hash).orElseThrow()) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
        } finally {
            s3Config.delete();
        }
        long gone = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ctx.getServiceReferences(ArtifactStore.class.getName(), s3Filter) != null && System.nanoTime() < gone) {
            Thread.sleep(50);
        }
        assertEquals(null, ctx.getServiceReferences(ArtifactStore.class.getName(), s3Filter),
                "the S3 store goes with its configuration");
    }

    @Test
    void healthSaysWhatIsMissingWithoutCallingAnyone() throws Exception {
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
            long start = System.nanoTime();
            ProviderHealth h = new AwsProvider(session).health();
            assertEquals(ProviderHealth.Status.UNREACHABLE, h.status(), h::toString);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 8, "bounded in time");
        }
    }
}
