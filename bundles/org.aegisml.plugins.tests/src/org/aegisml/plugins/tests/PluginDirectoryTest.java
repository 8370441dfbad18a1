package org.aegisml.plugins.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.aegisml.api.extension.Extension;
import org.aegisml.api.extension.Extensions;
import org.aegisml.api.extension.Plugin;
import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The plugins directory of a running server: the example plugin built by the reactor (a
 * Hellinger drift detector) dropped in is installed and used, taken out is gone; a plugin built
 * against an API this server does not have, and a file that is not a bundle, are refused with the
 * reason. All within the 5 s the issue allows (the directory is scanned every 200 ms here).
 */
class PluginDirectoryTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static Path dir;
    private static Path example;
    private static Path discord;
    private static Http http;

    @BeforeAll
    static void setUp() throws Exception {
        http = TestRuntime.ensureServer();
        // The runtime has the example bundle installed (so the reactor builds it first): take it out and
        // keep its jar, which is what a third party would drop into the directory.
        example = takeOut("org.aegisml.example.hellinger");
        discord = takeOut("org.aegisml.example.discord");
        dir = Files.createTempDirectory(Path.of(System.getProperty("aegisml.test.tmp", System.getProperty("java.io.tmpdir"))),
                "plugins-");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("directory", dir.toString());
        p.put("scanMillis", 200L);
        TestRuntime.configure("org.aegisml.plugins", p);
    }

    /** Uninstalls a bundle the runtime was launched with and returns its jar. */
    private static Path takeOut(String bsn) throws Exception {
        Bundle built = TestRuntime.bundle(bsn);
        Path jar = TestRuntime.bundleFile(built);
        built.uninstall();
        return jar;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestRuntime.await(what, WITHIN, condition);
    }

    private static Extensions extensions() {
        return TestRuntime.service(Extensions.class);
    }

    private static Plugin plugin(String file) {
        return extensions().plugins().stream().filter(p -> p.file().equals(file)).findFirst().orElse(null);
    }

    private static Extension hellinger() {
        return extensions().extensions().stream().filter(e -> e.type().equals("DriftDetector") && e.bundle()
                .equals("org.aegisml.example.hellinger")).findFirst().orElse(null);
    }

    @Test
    void aPluginDroppedInIsInstalledAndUsedAndTakenOutIsGone() throws Exception {
        Path jar = dir.resolve("hellinger.jar");
        Files.copy(example, jar, StandardCopyOption.REPLACE_EXISTING);
        await("the Hellinger detector to be registered", () -> hellinger() != null);
        Extension e = hellinger();
        assertEquals("hellinger.jar", e.plugin());
        assertEquals("active", e.bundleState());
        assertEquals(Plugin.State.ACTIVE, plugin("hellinger.jar").state());

        // Used as any drift detector: the framework hands it out, and it scores.
        var refs = TestRuntime.context().getServiceReferences(DriftDetector.class, null);
        ServiceReference<DriftDetector> ref = refs.stream().filter(r -> r.getBundle().getSymbolicName()
                .equals("org.aegisml.example.hellinger")).findFirst().orElseThrow();
        DriftDetector d = TestRuntime.context().getService(ref);
        try {
            assertEquals("hellinger", d.method());
            Histogram a = new Histogram(FeatureKind.CATEGORICAL, null, List.of("x", "y"), new long[] { 10, 0 }, 0, Double.NaN,
                    Double.NaN);
            Histogram b = new Histogram(FeatureKind.CATEGORICAL, null, List.of("x", "y"), new long[] { 0, 10 }, 0, Double.NaN,
                    Double.NaN);
            assertEquals(0.0, d.score(a, a).score(), 1e-12);
            assertEquals(1.0, d.score(a, b).score(), 1e-12, "disjoint distributions are 1 apart");
        } finally {
            TestRuntime.context().ungetService(ref);
        }

        // Over HTTP, as an operator sees it.
        JsonNode listed = http.get("/api/v1/extensions").json();
        assertTrue(listed.toString().contains("\"plugin\":\"hellinger.jar\""), listed.toString());
        assertTrue(listed.path("plugins").toString().contains("\"state\":\"active\""), listed.toString());

        Files.delete(jar);
        await("the Hellinger detector to be gone", () -> hellinger() == null && plugin("hellinger.jar") == null);
        for (Bundle b : TestRuntime.context().getBundles()) {
            assertTrue(!b.getSymbolicName().equals("org.aegisml.example.hellinger"), "uninstalled, not only stopped: "
                    + b.getSymbolicName() + " is " + b.getState());
        }
        assertTrue(!http.get("/api/v1/extensions").text().contains("hellinger.jar"));
    }

    @Test
    void anAlertChannelPluginDeliversToItsDestinationsAndItsRemovalFailsThemClearly() throws Exception {
        java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/webhook", x -> {
            received.add(new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        hook.start();
        var admin = new org.aegisml.api.security.Actor("k-ada", "ada", org.aegisml.api.security.Role.ADMIN);
        var alerts = TestRuntime.service(org.aegisml.api.alerting.Alerts.class);
        String name = "team-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        Path jar = dir.resolve("discord.jar");
        try {
            Files.copy(discord, jar, StandardCopyOption.REPLACE_EXISTING);
            await("the discord channel", () -> extensions().extensions().stream()
                    .anyMatch(e -> e.type().equals("AlertChannel") && "discord.jar".equals(e.plugin())));
            var spec = new org.aegisml.api.alerting.DestinationSpec(name, "discord", java.util.Map.of("url",
                    "http://127.0.0.1:" + hook.getAddress().getPort() + "/webhook"));
            // The alerting service takes the channel the moment it is registered; the listing above may see it a
            // hair earlier, so the destination is created as soon as alerting accepts the type.
            await("alerting to accept discord destinations", () -> {
                try {
                    alerts.createDestination(spec, admin);
                    return true;
                } catch (org.aegisml.api.ValidationException notYet) {
                    return false;
                }
            });
            var sent = alerts.sendTest(name, admin);
            assertEquals(org.aegisml.api.alerting.DeliveryStatus.OK, sent.status(), sent.error());
            assertEquals(1, received.size());
            assertTrue(received.get(0).startsWith("{\"content\":") && received.get(0).contains("\"embeds\":[{"),
                    received.get(0));
            // The webhook URL is secret: never shown.
            assertTrue(!http.get("/api/v1/alerts/destinations/" + name).text().contains("/webhook"),
                    http.get("/api/v1/alerts/destinations/" + name).text());

            Files.delete(jar);
            await("the discord channel gone", () -> extensions().extensions().stream()
                    .noneMatch(e -> e.type().equals("AlertChannel") && "discord.jar".equals(e.plugin())));
            var failed = alerts.sendTest(name, admin);
            assertEquals(org.aegisml.api.alerting.DeliveryStatus.FAILED, failed.status());
            assertTrue(failed.error().contains("discord"), failed.error());
            assertEquals(1, received.size(), "nothing sent without the plugin");
        } finally {
            hook.stop(0);
            Files.deleteIfExists(jar);
            try {
                alerts.deleteDestination(name, admin);
            } catch (RuntimeException ignored) {
                // not created
            }
        }
    }

    @Test
    void aPluginForAnotherApiVersionIsRefusedWithTheReason() throws Exception {
        write(dir.resolve("future.jar"), "org.example.future", "org.aegisml.api.monitoring;version=\"[9.0,10)\"");
        await("future.jar refused", () -> plugin("future.jar") != null && plugin("future.jar").state() == Plugin.State.REFUSED);
        Plugin p = plugin("future.jar");
        assertEquals("org.example.future", p.bundle());
        assertNotNull(p.reason());
        assertTrue(p.reason().contains("org.aegisml.api.monitoring"), p.reason());
        JsonNode listed = http.get("/api/v1/extensions").json();
        assertTrue(listed.path("plugins").toString().contains("\"state\":\"refused\""), listed.toString());
        // The server goes on serving.
        assertEquals(200, http.get("/api/v1/models").status());
        Files.delete(dir.resolve("future.jar"));
        await("future.jar forgotten", () -> plugin("future.jar") == null);
    }

    @Test
    void aFileThatIsNotABundleIsRefused() throws Exception {
        write(dir.resolve("plain.jar"), null, null);
        await("plain.jar refused", () -> plugin("plain.jar") != null);
        assertEquals(Plugin.State.REFUSED, plugin("plain.jar").state());
        assertTrue(plugin("plain.jar").reason().contains("not an OSGi bundle"), plugin("plain.jar").reason());
        Files.delete(dir.resolve("plain.jar"));
        await("plain.jar forgotten", () -> plugin("plain.jar") == null);
    }

    /** A jar with only a manifest: a bundle when {@code bsn} is given, importing {@code imports}. */
    private static void write(Path file, String bsn, String imports) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            a.putValue("Bundle-ManifestVersion", "2");
            a.putValue("Bundle-SymbolicName", bsn);
            a.putValue("Bundle-Version", "1.0.0");
        }
        if (imports != null) a.putValue("Import-Package", imports);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        // Moved in whole, as a careful deployer does (the scanner also copes with a file still being written).
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
