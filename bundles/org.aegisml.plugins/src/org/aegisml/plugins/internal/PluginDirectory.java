package org.aegisml.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.aegisml.api.extension.Plugin;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the plugins directory: a bundle file ({@code *.jar}) dropped there is installed and
 * started at the next scan, a changed one updated, a removed one stopped and uninstalled, each
 * followed by a refresh so that nothing keeps using the old classes. Stopping a bundle lets
 * Declarative Services unregister its services the usual way, so a request already using one
 * completes. A file that cannot resolve is left installed but not started and listed as refused
 * with the resolver's reason; it is retried when the file or the framework's bundles change.
 * Bundles are installed from a copy of the bytes (location {@code aegisml-plugin:<file name>}), so
 * the file may be replaced or removed at any time.
 */
@Component(service = PluginDirectory.class, configurationPid = "org.aegisml.plugins")
public final class PluginDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PluginDirectory.class);
    static final String LOCATION = "aegisml-plugin:";

    /** Configuration PID {@code org.aegisml.plugins}. */
    public @interface Config {
        /** The directory to watch; empty: none (no plugins). */
        String directory() default "";

        /** Milliseconds between scans (a new file is picked up within one scan). */
        long scanMillis() default 1000;
    }

    private record Seen(String digest, long bundleId) {
    }

    private final BundleContext context;
    private final Path dir;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Plugin> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scanner;
    private volatile int bundlesAtLastScan = -1;

    @Activate
    public PluginDirectory(BundleContext context, Config config) throws IOException {
        this.context = context;
        String d = config.directory() == null ? "" : config.directory().strip();
        if (d.isEmpty()) {
            dir = null;
            scanner = null;
            return;
        }
        dir = Path.of(d).toAbsolutePath().normalize();
        Files.createDirectories(dir);
        // Bundles installed from this directory by an earlier run are this run's too.
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(LOCATION)) {
                seen.put(b.getLocation().substring(LOCATION.length()), new Seen("", b.getBundleId()));
            }
        }
        scanner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("aegisml-plugins").factory());
        long every = Math.max(100, config.scanMillis());
        scanner.scheduleWithFixedDelay(this::scan, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("Watching {} for plugin bundles", dir);
    }

    @Deactivate
    void stop() {
        if (scanner != null) scanner.shutdownNow();
    }

    List<Plugin> plugins() {
        return List.copyOf(new TreeMap<>(states).values());
    }

    /** The plugin file a bundle was installed from, or null for a bundle that did not come from the directory. */
    static String pluginOf(Bundle b) {
        return b != null && b.getLocation().startsWith(LOCATION) ? b.getLocation().substring(LOCATION.length()) : null;
    }

    /** One pass over the directory; also called by tests that do not want to wait. */
    synchronized void scan() {
        try {
            Map<String, Path> files = new TreeMap<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p)) files.put(p.getFileName().toString(), p);
                }
            }
            boolean changed = false;
            for (String gone : List.copyOf(seen.keySet())) {
                if (!files.containsKey(gone)) {
                    remove(gone);
                    changed = true;
                }
            }
            for (var e : files.entrySet()) changed |= install(e.getKey(), e.getValue());
            int bundles = context.getBundles().length;
            if (changed) refresh();
            // Refused plugins may resolve once something they need arrived (another plugin).
            if (changed || bundles != bundlesAtLastScan) retryRefused();
            bundlesAtLastScan = context.getBundles().length;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Scanning the plugins directory {} failed; retrying: {}", dir, e.toString());
        }
    }

    private boolean install(String name, Path file) throws IOException {
        String digest = digest(file);
        if (digest == null) return false; // being written or gone: the next scan sees it
        Seen before = seen.get(name);
        if (before != null && before.digest().equals(digest)) return false;
        Manifest manifest = manifest(file);
        String bsn = manifest == null ? null : symbolicName(manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
        if (bsn == null) {
            if (before != null) remove(name);
            seen.put(name, new Seen(digest, -1));
            states.put(name, new Plugin(name, null, null, Plugin.State.REFUSED, "not an OSGi bundle: its manifest has no "
                    + "Bundle-SymbolicName", Instant.now()));
            LOG.warn("Plugin {} refused: not an OSGi bundle", name);
            return true;
        }
        Bundle b = before == null || before.bundleId() < 0 ? null : context.getBundle(before.bundleId());
        try (InputStream in = Files.newInputStream(file)) {
            if (b == null) {
                b = context.installBundle(LOCATION + name, in);
            } else {
                b.update(in);
            }
        } catch (BundleException e) {
            seen.put(name, new Seen(digest, -1));
            states.put(name, new Plugin(name, bsn, version, Plugin.State.REFUSED, e.getMessage(), Instant.now()));
            LOG.warn("Plugin {} refused: {}", name, e.getMessage());
            return true;
        }
        seen.put(name, new Seen(digest, b.getBundleId()));
        start(name, b);
        return true;
    }

    private void start(String name, Bundle b) {
        String bsn = b.getSymbolicName();
        String version = b.getVersion().toString();
        if (b.getHeaders().get("Fragment-Host") != null) {
            states.put(name, new Plugin(name, bsn, version, Plugin.State.ACTIVE, null, Instant.now()));
            return;
        }
        try {
            b.start();
            states.put(name, new Plugin(name, bsn, version, Plugin.State.ACTIVE, null, Instant.now()));
            LOG.info("Plugin {} ({} {}) started", name, bsn, version);
        } catch (BundleException e) {
            boolean unresolved = e.getType() == BundleException.RESOLVE_ERROR || b.getState() == Bundle.INSTALLED;
            states.put(name, new Plugin(name, bsn, version, unresolved ? Plugin.State.REFUSED : Plugin.State.FAILED,
                    e.getMessage(), Instant.now()));
            LOG.warn("Plugin {} ({}) {}: {}", name, bsn, unresolved ? "refused" : "failed to start", e.getMessage());
        } catch (RuntimeException e) {
            states.put(name, new Plugin(name, bsn, version, Plugin.State.FAILED, e.toString(), Instant.now()));
        }
    }

    private void retryRefused() {
        for (var e : Map.copyOf(states).entrySet()) {
            if (e.getValue().state() != Plugin.State.REFUSED) continue;
            Seen s = seen.get(e.getKey());
            Bundle b = s == null || s.bundleId() < 0 ? null : context.getBundle(s.bundleId());
            if (b != null && b.getState() == Bundle.INSTALLED) start(e.getKey(), b);
        }
    }

    private void remove(String name) {
        Seen s = seen.remove(name);
        Bundle b = s == null || s.bundleId() < 0 ? null : context.getBundle(s.bundleId());
        try {
            if (b != null) {
                b.uninstall();
                LOG.info("Plugin {} ({}) removed", name, b.getSymbolicName());
            }
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Plugin {} could not be uninstalled: {}", name, e.getMessage());
        } finally {
            // Listed until it is really gone, so that "not listed" means "not installed".
            states.remove(name);
        }
    }

    /** Lets the framework drop the old wirings of updated and uninstalled plugins, and waits for it. */
    private void refresh() {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(null, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) done.countDown();
        });
        try {
            if (!done.await(30, TimeUnit.SECONDS)) LOG.warn("Refreshing bundles after a plugin change took over 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String symbolicName(String header) {
        if (header == null || header.isBlank()) return null;
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).strip();
    }

    private static Manifest manifest(Path file) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(file))) {
            return in.getManifest();
        } catch (IOException e) {
            return null;
        }
    }

    /** SHA-256 of the file, or null when it cannot be read whole right now. */
    private static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
