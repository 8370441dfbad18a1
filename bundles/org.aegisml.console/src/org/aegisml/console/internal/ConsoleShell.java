package org.aegisml.console.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.client.Connector;
import org.aegisml.console.View;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The console: starts JavaFX, opens the window, and tracks every {@link View} service (the
 * whiteboard: a view bundle installed or removed at runtime appears or disappears at once).
 * <p>
 * The data source is chosen at start ({@code aegisml.console.server} with the key in
 * {@code AEGISML_API_KEY}, or {@code aegisml.console.local=true}) or in the window. Remote: the
 * REST client registers the API services for that server. Local: the console writes the
 * store's configuration (embedded H2 in the data directory), and the service bundles, which
 * are installed but need a store, come up in this process.
 */
@Component(immediate = true, configurationPid = "org.aegisml.console")
public final class ConsoleShell {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleShell.class);
    static final String STORE_PID = "org.aegisml.store";
    static final String PLUGINS_PID = "org.aegisml.plugins";
    /** Marks the store configuration the console wrote for local mode. */
    static final String OWNER = "aegisml.console";

    /** Configuration PID {@code org.aegisml.console}. */
    public @interface Config {
        /** How often the open view reloads (s). */
        int refreshSeconds() default 5;

        /** Closing the window stops the console (off in tests, which open and close it themselves). */
        boolean exitOnClose() default true;
    }

    private final BundleContext context;
    private final ConfigurationAdmin configs;
    private final Config config;
    private final List<View> views = new CopyOnWriteArrayList<>();
    private final Background background = new Background();
    private final Path dataDir;
    private final Prefs prefs;
    /**
     * The REST client's connector, held by reference: the client bundle is optional (local mode
     * runs without it), and a field or method typed {@code Connector} would make the component
     * fail to load where the package is missing. {@link RemoteSession} is the only class that
     * touches the client's types, and is loaded only when connecting.
     */
    private volatile ServiceReference<?> connector;
    private volatile MainWindow window;
    private ConnectPane connect; // JavaFX thread only
    private volatile boolean stopped;

    @Activate
    public ConsoleShell(BundleContext context, @Reference ConfigurationAdmin configs, Config config) {
        this.context = context;
        this.configs = configs;
        this.config = config;
        String dir = property("aegisml.console.dataDir", System.getProperty("user.home") + "/.aegisml");
        this.dataDir = Path.of(dir);
        this.prefs = new Prefs(dataDir.resolve("console.properties"));
        watchPlugins();
        try {
            Platform.startup(() -> {
            });
        } catch (IllegalStateException alreadyRunning) {
            // A second activation (configuration change) or a test runtime that started JavaFX.
        }
        Platform.setImplicitExit(false);
        Platform.runLater(this::open);
    }

    /**
     * Plugin bundles (views, ...) dropped into {@code plugins/} beside the console's configuration
     * are loaded live by the plugins bundle, when the runtime has it; a plugins directory something
     * else configured (a server in the same runtime) is left alone.
     */
    private void watchPlugins() {
        try {
            Configuration c = configs.getConfiguration(PLUGINS_PID, "?");
            if (c.getProperties() != null && !Boolean.TRUE.equals(c.getProperties().get(OWNER))) return;
            String dir = dataDir.resolve("plugins").toAbsolutePath().toString();
            if (c.getProperties() != null && dir.equals(c.getProperties().get("directory"))) return;
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("directory", dir);
            p.put(OWNER, Boolean.TRUE);
            c.update(p);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("The console's plugins directory is not watched: {}", e.toString());
        }
    }

    private void open() {
        if (stopped) return;
        String server = property("aegisml.console.server", "");
        ConnectPane connect = new ConnectPane(server.isBlank() ? prefs.lastServer() : server, dataDir.toString(),
                this::remote, this::local);
        Stage stage = new Stage();
        MainWindow w = new MainWindow(stage, background, connect, config.refreshSeconds());
        this.connect = connect;
        window = w;
        views.forEach(w::add);
        stage.setOnCloseRequest(e -> {
            if (config.exitOnClose()) exit();
        });
        w.show();
        String key = System.getenv("AEGISML_API_KEY") != null ? System.getenv("AEGISML_API_KEY")
                : property("aegisml.console.key", "");
        if (Boolean.parseBoolean(property("aegisml.console.local", "false"))) local();
        else if (!server.isBlank() && !key.isBlank()) remote(server, key);
    }

    private void remote(String url, String key) {
        ServiceReference<?> c = connector;
        if (c == null) {
            connect.failed("The REST client bundle (org.aegisml.client) is not installed: only the local store can be used.");
            return;
        }
        background.run(() -> {
            URI uri;
            try {
                uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            } catch (IllegalArgumentException e) {
                throw new org.aegisml.api.ValidationException("server", "not a URL: " + url + " (for example http://localhost:8080)");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new org.aegisml.api.ValidationException("server", "not a URL: " + url + " (for example http://localhost:8080)");
            }
            dropLocalStore(); // remote only: no local services beside the client's
            Session s = RemoteSession.open(context, c, uri, key);
            prefs.rememberServer(uri.toString());
            return s;
        }, s -> window.connected(s), t -> connect.failed(Words.describe(t)));
    }

    private void local() {
        background.run(() -> {
            Configuration c = configs.getConfiguration(STORE_PID, "?");
            if (c.getProperties() != null && !Boolean.TRUE.equals(c.getProperties().get(OWNER))) {
                // Something else (a server in this runtime) configured the store: never take it over.
                throw new org.aegisml.api.ConflictException("store", "this runtime already runs a store configured by "
                        + "something else; local mode would take it over. Connect to that server instead.");
            }
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("dataDir", dataDir.toString());
            p.put(OWNER, Boolean.TRUE);
            c.update(p);
            return c;
        }, c -> {
            Actor me = new Actor("local", System.getProperty("user.name", "operator"), Role.ADMIN);
            LocalServices services = new LocalServices(context);
            window.connected(new Session("local store (" + dataDir + ")", me, services::get, () -> {
                services.close();
                dropLocalStore();
            }));
        }, t -> connect.failed(Words.describe(t)));
    }

    /**
     * Removes the store configuration of an earlier local session, so that its services stop and
     * only the client's answer. Only the console's own: a store configured by something else
     * (a server in the same runtime) is left alone.
     */
    private void dropLocalStore() throws java.io.IOException, org.osgi.framework.InvalidSyntaxException {
        Configuration[] found = configs.listConfigurations("(&(service.pid=" + STORE_PID + ")(" + OWNER + "=true))");
        if (found != null) for (Configuration c : found) c.delete();
    }

    private void exit() {
        new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException e) {
                LOG.warn("Could not stop the framework", e);
            }
        }, "aegisml-console-exit").start();
    }

    @Reference(service = Connector.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setConnector(ServiceReference<?> c) {
        connector = c;
    }

    void unsetConnector(ServiceReference<?> c) {
        if (c.equals(connector)) connector = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addView(View v) {
        views.add(v);
        MainWindow w = window;
        if (w != null) Platform.runLater(() -> w.add(v));
    }

    void removeView(View v) {
        views.remove(v);
        MainWindow w = window;
        if (w != null) Platform.runLater(() -> w.remove(v));
    }

    @Deactivate
    void stop() {
        stopped = true;
        MainWindow w = window;
        window = null;
        if (w != null) Platform.runLater(w::dispose);
        background.shutdown();
    }

    private String property(String name, String fallback) {
        String v = context.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
