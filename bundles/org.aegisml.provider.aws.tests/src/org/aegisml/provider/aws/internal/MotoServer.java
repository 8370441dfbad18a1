package org.aegisml.provider.aws.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.util.Hashtable;
import java.util.Map;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.provider.Provider;
import org.aegisml.testing.TestRuntime;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * moto's server (python3 -m moto.server, with SageMaker UpdateEndpoint added by moto_server.py)
 * on a free loopback port, one per test JVM. It ends when the JVM does: it stops once its
 * standard input, a pipe from this JVM, closes. The AWS SDK finds the test credentials in the
 * system properties {@code aws.accessKeyId}/{@code aws.secretAccessKey}, the first link of its
 * default chain; instance metadata is switched off so that no lookup leaves the machine.
 * The interpreter is {@code python3} unless the system property {@code aegisml.test.python} or the
 * environment variable {@code AEGISML_TEST_PYTHON} names another.
 */
final class MotoServer {
    static final String REGION = "us-east-1";
    private static MotoServer instance;

    static {
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    final URI url;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(URI url, Process process, Path log) {
        this.url = url;
        this.process = process;
        this.log = log;
    }

    static synchronized MotoServer get() throws Exception {
        if (instance != null && instance.process.isAlive()) return instance;
        Path dir = Files.createDirectories(TestRuntime.dataDir().resolve("moto"));
        Path script = dir.resolve("moto_server.py");
        try (InputStream in = MotoServer.class.getResourceAsStream("moto_server.py")) {
            if (in == null) throw new AssertionError("moto_server.py is not in the test bundle");
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = dir.resolve("moto-" + System.nanoTime() + ".log");
        String python = System.getProperty("aegisml.test.python", System.getenv().getOrDefault("AEGISML_TEST_PYTHON", "python3"));
        Process p = new ProcessBuilder(python, script.toString(), "127.0.0.1")
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new AssertionError("moto did not start (" + python + " " + script
                    + "; the tests need the Python package moto with its server extras, e.g. pip install 'moto[server]'): "
                    + tail(log));
        }
        instance = new MotoServer(URI.create("http://127.0.0.1:" + line.substring(5).strip()), p, log);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        return instance;
    }

    /**
     * Configures the provider (PID {@value AwsSession#PID}) for this moto, unless it already is,
     * and waits until the framework's session uses it: the services that depend on the session
     * are restarted with it, so any found after this are on moto.
     */
    static synchronized void configureProvider() throws Exception {
        MotoServer moto = get();
        Configuration c = TestRuntime.service(ConfigurationAdmin.class).getConfiguration(AwsSession.PID, "?");
        if (c.getProperties() == null || !moto.url.toString().equals(c.getProperties().get("endpoint"))) {
            c.update(new Hashtable<>(Map.of("region", REGION, "endpoint", moto.url.toString(),
                    "apiCallTimeoutSeconds", 20, "maxAttempts", 2)));
        }
        long end = System.nanoTime() + TestRuntime.TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (moto.url.equals(TestRuntime.service(AwsSession.class).settings().endpoint())) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the provider did not take the configuration " + AwsSession.PID);
    }

    /** The provider's service of {@code type} from the framework, configured for moto. */
    static <T> T service(Class<T> type) throws Exception {
        configureProvider();
        return TestRuntime.service(type, "(" + Provider.PROPERTY + "=" + AwsProvider.NAME + ")");
    }

    /**
     * Configures the S3 artifact store (PID {@value S3ArtifactStore#PID}) and returns the
     * framework's store once it has this configuration.
     */
    static ArtifactStore s3Store(String bucket, String prefix, Path cacheDir) throws Exception {
        configureProvider();
        Hashtable<String, Object> p = new Hashtable<>(Map.of("bucket", bucket, "prefix", prefix,
                "cacheDir", cacheDir == null ? "" : cacheDir.toString(), "service.ranking", 10,
                // Each configuration is told apart, so that the store found is never the one it replaced.
                "test.configuration", java.util.UUID.randomUUID().toString()));
        TestRuntime.configure(S3ArtifactStore.PID, p);
        StringBuilder filter = new StringBuilder("(&(aegisml.artifact.scheme=s3)(" + Provider.PROPERTY + "=aws)");
        p.forEach((k, v) -> {
            if (!v.toString().isEmpty()) filter.append('(').append(k).append('=').append(escape(v.toString())).append(')');
        });
        return TestRuntime.service(ArtifactStore.class, filter.append(')').toString());
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }

    /** A session of its own on moto (region, endpoint override, short timeouts), to read state back through the SDK. */
    AwsSession session() {
        return new AwsSession(new AwsSession.Settings(REGION, url, Duration.ofSeconds(20), 2));
    }

    /** Forgets everything (POST /moto-api/reset). */
    void reset() throws Exception {
        post("/moto-api/reset", "");
    }

    /**
     * Queues Cost Explorer answers: moto hands them out in order, one to each GetCostAndUsage
     * request body it has not seen, and gives the same answer again for a body it has seen.
     */
    void seedCostAndUsage(String resultsJson) throws Exception {
        post("/moto-api/static/ce/cost-and-usage-results", "{\"results\":" + resultsJson + "}");
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new AssertionError("moto " + path + ": " + r.statusCode() + " " + r.body());
    }

    String log() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
