package org.aegisml.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.UUID;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Sets up the runtime the integration tests share: one store configuration per test JVM,
 * on embedded H2 in a temporary directory, or on the PostgreSQL named by the system property
 * {@code aegisml.test.db.url}. On PostgreSQL each run gets a fresh schema of its own, so runs
 * never see each other's rows and the database's other schemas are never touched.
 */
public final class TestRuntime {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Path dataDir;
    private static String dbUrl;

    private TestRuntime() {
    }

    public static BundleContext context() {
        Bundle b = FrameworkUtil.getBundle(TestRuntime.class);
        return b.getBundleContext();
    }

    public static synchronized Path dataDir() throws IOException {
        if (dataDir == null) {
            // Under the module's target/ when the build says so, so that `mvn clean` removes it.
            String base = System.getProperty("aegisml.test.tmp", "");
            if (base.isBlank()) {
                dataDir = Files.createTempDirectory("aegisml-test-");
            } else {
                dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(base)), "run-");
            }
        }
        return dataDir;
    }

    /** Whether the tests run on PostgreSQL rather than embedded H2. */
    public static boolean postgres() {
        String url = System.getProperty("aegisml.test.db.url", "");
        return url.startsWith("jdbc:postgresql:");
    }

    /** The store configuration of this test run (created on first use). */
    public static synchronized Hashtable<String, Object> storeProperties() throws IOException {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("dataDir", dataDir().toString());
        if (postgres()) {
            if (dbUrl == null) dbUrl = createSchema(System.getProperty("aegisml.test.db.url"));
            p.put("url", dbUrl);
            p.put("user", System.getProperty("aegisml.test.db.user", ""));
            p.put("password", System.getProperty("aegisml.test.db.password", ""));
        }
        return p;
    }

    /** Creates (or replaces) the configuration of a PID and returns it. */
    public static Configuration configure(String pid, Dictionary<String, ?> properties) throws IOException {
        ConfigurationAdmin ca = service(ConfigurationAdmin.class);
        Configuration c = ca.getConfiguration(pid, "?");
        c.update(properties);
        return c;
    }

    /** Configures the store unless it already is, and waits for it. */
    public static synchronized void ensureStore() throws IOException {
        ConfigurationAdmin ca = service(ConfigurationAdmin.class);
        Configuration c = ca.getConfiguration("org.aegisml.store", "?");
        if (c.getProperties() == null) c.update(storeProperties());
    }

    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static String serverBase;

    /**
     * Starts the server (and the store) on a free loopback port with the test admin key and
     * small body limits (64 KiB JSON, 1 MiB artifacts), waits for /healthz and returns a client.
     */
    public static synchronized Http ensureServer() throws Exception {
        if (serverBase == null) {
            ensureStore();
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("port", port);
            p.put("host", "127.0.0.1");
            p.put("adminKey", ADMIN_KEY);
            p.put("maxJsonBytes", 64L * 1024);
            p.put("maxArtifactBytes", 1L << 20);
            p.put("dataDir", dataDir().toString());
            configure("org.aegisml.registry", new Hashtable<>(java.util.Map.of("maxArtifactBytes", 1L << 20)));
            configure("org.aegisml.server", p);
            serverBase = "http://127.0.0.1:" + port;
        }
        Http http = new Http(serverBase, ADMIN_KEY);
        awaitHealthy(http);
        return http;
    }

    /** Waits until /healthz answers 200, e.g. after a restart. */
    public static void awaitHealthy(Http http) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < end) {
            try {
                if (http.get("/healthz").status() == 200) return;
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not become healthy within " + TIMEOUT, last);
    }

    public static <T> T service(Class<T> type) {
        return service(type, null);
    }

    /** Waits up to {@link #TIMEOUT} for a service, optionally matching an LDAP filter. */
    public static <T> T service(Class<T> type, String filter) {
        BundleContext ctx = context();
        try {
            ServiceTracker<T, T> t = filter == null ? new ServiceTracker<>(ctx, type, null)
                    : new ServiceTracker<>(ctx, ctx.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"),
                            null);
            t.open();
            T s = t.waitForService(TIMEOUT.toMillis());
            if (s == null) throw new AssertionError("no " + type.getSimpleName() + " service after " + TIMEOUT);
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails naming what it waited for when {@code within} passes. */
    public static void await(String what, Duration within, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + within + ": " + what);
    }

    /**
     * The jar a bundle the runtime was launched with was installed from (Equinox's location
     * {@code initial@reference:file:...}, absolute or relative to the launcher's areas), e.g. to
     * uninstall a plugin and drop the same file into a plugins directory.
     */
    public static java.nio.file.Path bundleFile(Bundle b) {
        String location = b.getLocation().substring(b.getLocation().indexOf('@') + 1);
        String path = location.substring(location.indexOf("file:") + "file:".length());
        java.nio.file.Path p = java.nio.file.Path.of(path);
        if (p.isAbsolute()) return p;
        for (String base : new String[] { context().getProperty("osgi.install.area"),
                context().getProperty("osgi.configuration.area"), "file:" + System.getProperty("user.dir") + "/" }) {
            if (base == null) continue;
            java.nio.file.Path candidate = java.nio.file.Path.of(java.net.URI.create(base.startsWith("file:") ? base
                    : "file:" + base)).resolve(path).normalize();
            if (java.nio.file.Files.isRegularFile(candidate)) return candidate;
        }
        throw new AssertionError("cannot find the file of " + b.getSymbolicName() + " (" + b.getLocation() + ")");
    }

    public static Bundle bundle(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) return b;
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private static String createSchema(String baseUrl) {
        long now = System.currentTimeMillis() / 1000;
        String schema = "aegisml_test_" + now + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        PGSimpleDataSource ds = postgresDataSource(baseUrl);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            dropStaleSchemas(c, now);
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the test schema on " + baseUrl + ": " + e.getMessage(), e);
        }
        // The schema is this run's alone; drop it when the test JVM ends so runs leave nothing behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
            }
        }));
        String sep = baseUrl.contains("?") ? "&" : "?";
        return baseUrl + sep + "currentSchema=" + schema;
    }

    /**
     * Drops schemas of earlier runs that ended without cleaning up (a killed test JVM), once
     * they are six hours old, so that a run in progress elsewhere is never disturbed.
     */
    private static void dropStaleSchemas(Connection c, long now) throws SQLException {
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'aegisml\\_test\\_%'")) {
            while (rs.next()) {
                String[] parts = rs.getString(1).split("_");
                try {
                    if (parts.length != 4 || now - Long.parseLong(parts[2]) > 6 * 3600) stale.add(rs.getString(1));
                } catch (NumberFormatException e) {
                    stale.add(rs.getString(1));
                }
            }
        }
        for (String s : stale) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
            }
        }
    }

    private static PGSimpleDataSource postgresDataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        String user = System.getProperty("aegisml.test.db.user", "");
        if (!user.isBlank()) ds.setUser(user);
        String password = System.getProperty("aegisml.test.db.password", "");
        if (!password.isEmpty()) ds.setPassword(password);
        return ds;
    }

    /** Raw JDBC access to the test database, to alter rows behind the services' back. */
    public static Connection rawConnection() throws SQLException, IOException {
        if (postgres()) return postgresDataSource(storeProperties().get("url").toString()).getConnection();
        // Same H2 bundle, same URL: this joins the database the store has open.
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataDir().toAbsolutePath().resolve("aegisml")
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
        h2.setUser("sa");
        h2.setPassword("");
        return h2.getConnection();
    }
}
