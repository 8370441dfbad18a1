package org.aegisml.provider.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Provider;
import org.aegisml.testing.TestRuntime;

/**
 * What the GCP tests share, once per JVM: the fakes of the token endpoint, Vertex AI, Cloud
 * Storage and BigQuery; a service-account key file for a throwaway key pair named through the
 * {@code GOOGLE_APPLICATION_CREDENTIALS} system property; and the provider's two configurations
 * pointing at the fakes. Services are looked up by a property of that configuration, so a test
 * never holds an instance made before it.
 */
final class Fixtures {
    static final String PROJECT = FakeVertex.PROJECT;
    private static FakeToken token;
    private static FakeVertex vertex;
    private static FakeGcs gcs;
    private static FakeBigQuery bigquery;
    private static Path credentials;

    private Fixtures() {
    }

    static synchronized void runtime() throws IOException {
        if (token != null) return;
        token = new FakeToken();
        vertex = new FakeVertex(token);
        gcs = new FakeGcs(token);
        bigquery = new FakeBigQuery(token);
        credentials = token.writeServiceAccount(TestRuntime.dataDir().resolve("gcp").resolve("service-account.json"));
        System.setProperty(Adc.ENV, credentials.toString());
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("project", PROJECT);
        p.put("location", "us-central1");
        p.put("aiplatformEndpoint", vertex.base());
        p.put("storageEndpoint", gcs.base());
        p.put("bigqueryEndpoint", bigquery.base());
        p.put("billingTable", FakeBigQuery.TABLE);
        p.put("operationPollMillis", 5L);
        p.put("requestTimeoutSeconds", 20);
        TestRuntime.configure(GcpProvider.PID, p);
        Hashtable<String, Object> s = new Hashtable<>();
        s.put("bucket", FakeGcs.BUCKET);
        s.put("prefix", "aegisml/");
        s.put("cacheDir", cacheDir().toString());
        TestRuntime.configure(GcsArtifactStore.PID, s);
    }

    static Path cacheDir() throws IOException {
        return TestRuntime.dataDir().resolve("gcp").resolve("gcs-cache");
    }

    static Path credentials() {
        return credentials;
    }

    static FakeToken token() {
        return token;
    }

    static FakeVertex vertex() {
        return vertex;
    }

    static FakeGcs gcs() {
        return gcs;
    }

    static FakeBigQuery bigquery() {
        return bigquery;
    }

    private static final String CONFIGURED = "(aegisml.provider=gcp)(project=" + PROJECT + ")";

    static Provider provider() {
        return TestRuntime.service(Provider.class, CONFIGURED);
    }

    static ModelHost host() {
        return TestRuntime.service(ModelHost.class, CONFIGURED);
    }

    static CostSource costs() {
        return TestRuntime.service(CostSource.class, CONFIGURED);
    }

    static ArtifactStore store() {
        return TestRuntime.service(ArtifactStore.class, "(aegisml.provider=gcp)(aegisml.artifact.scheme=gcs)(bucket="
                + FakeGcs.BUCKET + ")");
    }

    /** Every request a fake saw carried a token the token endpoint issued, and none failed inside the fake. */
    static void assertAllAuthorized(Fake fake) {
        assertEquals(0, fake.unauthorized.get(), "requests without a valid bearer token");
        assertTrue(fake.authorized.get() > 0, "no authorized request reached the fake");
        assertEquals(List.of(), fake.faults);
        assertEquals(0, token.refused.get(), "token requests refused");
    }

    /** A configuration object as DS would make it: the annotation's defaults, overridden by {@code values}. */
    static GcpConfig config(Map<String, ?> values) {
        return (GcpConfig) Proxy.newProxyInstance(GcpConfig.class.getClassLoader(), new Class<?>[] { GcpConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> GcpConfig.class;
                    case "toString" -> "GcpConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }
}
