package org.aegisml.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the server's one properties file plus environment overrides into component
 * configurations. Active only when the launcher names the file with the framework property
 * {@code aegisml.config}; otherwise configuration comes from Configuration Admin directly (as
 * in the integration tests). Each key {@code a.b} can be overridden by {@code AEGISML_A_B}.
 */
@Component(immediate = true)
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    static final String FILE_PROPERTY = "aegisml.config";

    /** Settings: key in the file, the PID and property it feeds, and the default. */
    record Setting(String key, String pid, String property, String dflt, boolean number) {
    }

    static final Setting[] SETTINGS = {
            new Setting("port", "org.aegisml.server", "port", "8080", true),
            new Setting("host", "org.aegisml.server", "host", "0.0.0.0", false),
            new Setting("admin.key", "org.aegisml.server", "adminKey", "", false),
            new Setting("max.json.bytes", "org.aegisml.server", "maxJsonBytes", "10485760", true),
            new Setting("max.artifact.bytes", "org.aegisml.server", "maxArtifactBytes", "2147483648", true),
            new Setting("max.artifact.bytes", "org.aegisml.registry", "maxArtifactBytes", "2147483648", true),
            new Setting("http.threads", "org.aegisml.server", "maxThreads", "200", true),
            new Setting("db.url", "org.aegisml.store", "url", "", false),
            new Setting("db.user", "org.aegisml.store", "user", "", false),
            new Setting("db.password", "org.aegisml.store", "password", "", false),
            new Setting("db.pool.size", "org.aegisml.store", "poolSize", "16", true),
            new Setting("db.startup.timeout.seconds", "org.aegisml.store", "startupTimeoutSeconds", "60", true),
            new Setting("db.socket.timeout.seconds", "org.aegisml.store", "socketTimeoutSeconds", "15", true),
            new Setting("artifact.dir", "org.aegisml.store", "artifactDir", "", false),
            new Setting("alerts.evaluation.interval.seconds", "org.aegisml.alerting", "evaluationIntervalSeconds", "15", true),
            new Setting("alerts.channel.timeout.seconds", "org.aegisml.alerting", "channelTimeoutSeconds", "10", true),
            new Setting("rollout.controller.tick.millis", "org.aegisml.deployment", "controllerTickMillis", "1000", true),
            new Setting("rollout.probe.timeout.seconds", "org.aegisml.deployment", "probeTimeoutSeconds", "5", true),
            new Setting("approval.production", "org.aegisml.deployment", "productionApproval", "false", false),
            new Setting("gateway.event.batch", "org.aegisml.gateway", "eventBatch", "1000", true),
            new Setting("gateway.event.flush.millis", "org.aegisml.gateway", "eventFlushMillis", "200", true),
            new Setting("gateway.event.queue", "org.aegisml.gateway", "eventQueue", "100000", true),
            new Setting("gateway.poll.millis", "org.aegisml.gateway", "pollMillis", "1000", true),
            new Setting("policy.refresh.millis", "org.aegisml.policy", "refreshMillis", "2000", true),
            new Setting("policy.audit.queue", "org.aegisml.policy", "auditQueue", "100000", true),
            new Setting("policy.audit.flush.millis", "org.aegisml.policy", "auditFlushMillis", "500", true),
            new Setting("evaluation.max.examples", "org.aegisml.evaluation", "maxExamples", "100000", true),
            new Setting("rollout.host.sync.millis", "org.aegisml.deployment", "hostSyncMillis", "30000", true),
            new Setting("costs.sync.minutes", "org.aegisml.costs", "syncMinutes", "60", true),
            new Setting("costs.sync.days", "org.aegisml.costs", "syncDays", "3", true),
            new Setting("costs.currency", "org.aegisml.costs", "currency", "USD", false),
            new Setting("autoscaling.tick.millis", "org.aegisml.providers.internal.AutoscalerService", "tickMillis", "1000",
                    true),
    };

    /**
     * Keys {@code provider.<name>[.<store>].<property>} configure provider bundles: PID
     * {@code org.aegisml.provider.<name>[.<store>]}, e.g. {@code provider.aws.region},
     * {@code provider.gcp.project}, {@code provider.aws.s3.bucket}; {@code ...service.ranking} is the
     * store's ranking. Never credentials: those come from each provider's standard chain.
     */
    static final String PROVIDER_PREFIX = "provider.";

    /** Marks configurations this loader made from {@code provider.*} keys, so a key removed from the file is removed. */
    static final String FROM_FILE = "aegisml.config.file";

    /** Properties whose component attribute is an int; the other numbers are longs. */
    static final java.util.Set<String> INT_PROPERTIES = java.util.Set.of("port", "maxThreads", "poolSize",
            "startupTimeoutSeconds", "socketTimeoutSeconds", "evaluationIntervalSeconds", "channelTimeoutSeconds",
            "probeTimeoutSeconds", "eventBatch", "eventFlushMillis", "eventQueue", "pollMillis", "refreshMillis", "auditQueue",
            "auditFlushMillis", "maxExamples", "syncDays");

    @Activate
    public ConfigLoader(@Reference ConfigurationAdmin configAdmin, BundleContext context)
            throws IOException, org.osgi.framework.InvalidSyntaxException {
        String file = context.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) return;
        Map<String, String> values = resolve(Path.of(file), System.getenv());
        Map<String, Hashtable<String, Object>> byPid = new java.util.LinkedHashMap<>();
        String dataDir = values.get("data.dir");
        for (String pid : new String[] { "org.aegisml.store", "org.aegisml.server" }) {
            byPid.computeIfAbsent(pid, p -> new Hashtable<>()).put("dataDir", dataDir);
        }
        byPid.computeIfAbsent("org.aegisml.plugins", p -> new Hashtable<>()).put("directory", values.get("plugins.dir"));
        for (Setting s : SETTINGS) {
            String v = values.getOrDefault(s.key(), s.dflt());
            Object typed = v;
            if (s.number()) {
                try {
                    typed = INT_PROPERTIES.contains(s.property()) ? (Object) Integer.valueOf(v.strip())
                            : (Object) Long.valueOf(v.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(s.key() + " (" + env(s.key()) + ") must be a number, got '" + v + "'");
                }
            }
            byPid.computeIfAbsent(s.pid(), p -> new Hashtable<>()).put(s.property(), typed);
        }
        Map<String, Hashtable<String, Object>> providers = providerPids(values);
        byPid.putAll(providers);
        Configuration[] old = configAdmin.listConfigurations("(" + FROM_FILE + "=true)");
        if (old != null) {
            for (Configuration c : old) {
                if (!providers.containsKey(c.getPid())) c.delete();
            }
        }
        for (var e : byPid.entrySet()) {
            Configuration c = configAdmin.getConfiguration(e.getKey(), "?");
            // Unchanged configurations are left alone so that restarts do not bounce components.
            if (!same(c.getProperties(), e.getValue())) c.update(e.getValue());
        }
        LOG.info("Configuration loaded from {} (data dir {})", file, dataDir);
    }

    /** The provider configurations the {@code provider.*} keys describe, by PID. */
    static Map<String, Hashtable<String, Object>> providerPids(Map<String, String> values) {
        Map<String, Hashtable<String, Object>> out = new java.util.TreeMap<>();
        for (var e : new java.util.TreeMap<>(values).entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(PROVIDER_PREFIX)) continue;
            String rest = k.substring(PROVIDER_PREFIX.length());
            String pidPart;
            String property;
            Object value = e.getValue();
            if (rest.endsWith(".service.ranking")) {
                pidPart = rest.substring(0, rest.length() - ".service.ranking".length());
                property = "service.ranking";
                try {
                    value = Integer.valueOf(e.getValue().strip());
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException(k + " must be a whole number, got '" + e.getValue() + "'");
                }
            } else {
                int dot = rest.lastIndexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw new IllegalArgumentException(k + ": provider settings are provider.<name>.<setting>, e.g. provider.aws.region");
                }
                pidPart = rest.substring(0, dot);
                property = rest.substring(dot + 1);
            }
            Hashtable<String, Object> h = out.computeIfAbsent("org.aegisml.provider." + pidPart, p -> new Hashtable<>());
            h.put(property, value);
            h.put(FROM_FILE, "true");
        }
        return out;
    }

    /** File values overridden by the environment, with the data directory made absolute. */
    static Map<String, String> resolve(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String k : p.stringPropertyNames()) out.put(k, p.getProperty(k).strip());
        java.util.Set<String> keys = new java.util.HashSet<>(out.keySet());
        keys.add("data.dir");
        keys.add("plugins.dir");
        for (Setting s : SETTINGS) keys.add(s.key());
        for (String k : keys) {
            String v = env.get(env(k));
            if (v != null) out.put(k, v);
        }
        // Plugins live next to the configuration: the plugins/ directory beside the file.
        String plugins = out.get("plugins.dir");
        if (plugins == null || plugins.isBlank()) {
            Path parent = file.toAbsolutePath().getParent();
            plugins = (parent == null ? Path.of("plugins") : parent.resolve("plugins")).toString();
        }
        if (plugins.startsWith("~/")) plugins = System.getProperty("user.home") + plugins.substring(1);
        out.put("plugins.dir", Path.of(plugins).toAbsolutePath().normalize().toString());
        String dataDir = out.get("data.dir");
        if (dataDir == null || dataDir.isBlank()) dataDir = Path.of(System.getProperty("user.home"), ".aegisml").toString();
        if (dataDir.startsWith("~/")) dataDir = System.getProperty("user.home") + dataDir.substring(1);
        out.put("data.dir", Path.of(dataDir).toAbsolutePath().normalize().toString());
        return out;
    }

    static String env(String key) {
        return "AEGISML_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static boolean same(Dictionary<String, Object> current, Hashtable<String, Object> wanted) {
        if (current == null) return false;
        for (var e : wanted.entrySet()) {
            if (!Objects.equals(current.get(e.getKey()), e.getValue())) return false;
        }
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!k.startsWith("service.") && !k.startsWith("felix.") && !wanted.containsKey(k)) return false;
        }
        return true;
    }
}
