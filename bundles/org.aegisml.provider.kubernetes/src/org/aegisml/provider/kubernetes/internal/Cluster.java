package org.aegisml.provider.kubernetes.internal;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.provider.ProviderHealth;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.KubeConfig;

/**
 * The cluster the provider talks to, found the way kubectl finds it: the {@code kubeconfig}
 * setting when there is one, else $KUBECONFIG, else ~/.kube/config, else the in-cluster service
 * account. When none is there the cluster is "not configured" and every call says so; nothing
 * here ever reads, logs or repeats a credential (a kubeconfig that cannot be parsed is reported
 * by its path and the kind of failure only, since parser messages can quote the file).
 */
final class Cluster {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Health must answer within a few seconds, whatever the cluster does. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(4);

    private final ApiClient api;
    private final ApiClient probe;
    private final String namespace;
    private final String source;
    private final ProviderHealth.Status problem;
    private final String problemDetail;

    private Cluster(ApiClient api, ApiClient probe, String namespace, String source, ProviderHealth.Status problem,
            String problemDetail) {
        this.api = api;
        this.probe = probe;
        this.namespace = namespace;
        this.source = source;
        this.problem = problem;
        this.problemDetail = problemDetail;
    }

    /** Follows the chain; never throws (a broken configuration is a cluster that reports the problem). */
    static Cluster connect(KubernetesConfig config) {
        String setting = config.kubeconfig() == null ? "" : config.kubeconfig().strip();
        String ns = config.namespace() == null ? "" : config.namespace().strip();
        if (!setting.isEmpty()) {
            Path p = Path.of(setting);
            if (!Files.isRegularFile(p)) {
                return missing("the kubeconfig " + p + " named by the kubeconfig setting of " + KubernetesConfig.PID
                        + " does not exist");
            }
            return fromFile(p, "the kubeconfig setting", ns);
        }
        String env = System.getenv(Config.ENV_KUBECONFIG);
        if (env != null && !env.isBlank()) {
            for (String s : env.split(File.pathSeparator)) {
                if (!s.isBlank() && Files.isRegularFile(Path.of(s))) return fromFile(Path.of(s), "$KUBECONFIG", ns);
            }
        }
        Path home = home();
        Path dflt = home == null ? null : home.resolve(".kube").resolve("config");
        if (dflt != null && Files.isRegularFile(dflt)) return fromFile(dflt, "~/.kube/config", ns);
        if (inCluster()) return fromServiceAccount(ns);
        return missing("no kubeconfig found: looked at the kubeconfig setting of " + KubernetesConfig.PID
                + ", $KUBECONFIG, " + (dflt == null ? "~/.kube/config" : dflt)
                + " and the in-cluster service account (" + Config.SERVICEACCOUNT_TOKEN_PATH + ")");
    }

    private static Cluster fromFile(Path file, String source, String namespace) {
        try {
            KubeConfig kc = load(file);
            String ns = !namespace.isEmpty() ? namespace : kc.getNamespace() != null && !kc.getNamespace().isBlank()
                    ? kc.getNamespace() : "default";
            String src = "kubeconfig " + file + " (" + source + ")";
            return ready(() -> {
                try {
                    return ClientBuilder.kubeconfig(load(file)).build();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, ns, src);
        } catch (IOException | RuntimeException e) {
            return broken("the kubeconfig " + file + " (" + source + ") cannot be used: " + e.getClass().getSimpleName());
        }
    }

    private static KubeConfig load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            KubeConfig kc = KubeConfig.loadKubeConfig(r);
            kc.setFile(file.toFile()); // relative certificate and key paths are relative to the file
            return kc;
        }
    }

    private static Cluster fromServiceAccount(String namespace) {
        try {
            String ns = namespace;
            if (ns.isEmpty()) {
                Path nsFile = Path.of(Config.SERVICEACCOUNT_NAMESPACE_PATH);
                ns = Files.isRegularFile(nsFile) ? Files.readString(nsFile).strip() : "default";
            }
            return ready(() -> {
                try {
                    return ClientBuilder.cluster().build();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, ns, "the in-cluster service account");
        } catch (IOException | RuntimeException e) {
            return broken("the in-cluster service account cannot be used: " + e.getClass().getSimpleName());
        }
    }

    private static Cluster ready(Supplier<ApiClient> build, String namespace, String source) {
        ApiClient api = build.get();
        api.setHttpClient(api.getHttpClient().newBuilder().connectTimeout(CONNECT_TIMEOUT).readTimeout(CALL_TIMEOUT)
                .callTimeout(CALL_TIMEOUT).build());
        ApiClient probe = build.get();
        probe.setHttpClient(probe.getHttpClient().newBuilder().connectTimeout(PROBE_TIMEOUT).readTimeout(PROBE_TIMEOUT)
                .callTimeout(PROBE_TIMEOUT).build());
        return new Cluster(api, probe, namespace, source, null, null);
    }

    private static Cluster missing(String detail) {
        return new Cluster(null, null, null, null, ProviderHealth.Status.NOT_CONFIGURED, detail);
    }

    private static Cluster broken(String detail) {
        return new Cluster(null, null, null, null, ProviderHealth.Status.UNREACHABLE, detail);
    }

    private static Path home() {
        String h = System.getenv("HOME");
        if (h == null || h.isBlank()) h = System.getProperty("user.home");
        return h == null || h.isBlank() ? null : Path.of(h);
    }

    private static boolean inCluster() {
        String host = System.getenv(Config.ENV_SERVICE_HOST);
        String port = System.getenv(Config.ENV_SERVICE_PORT);
        return host != null && !host.isBlank() && port != null && !port.isBlank()
                && Files.isRegularFile(Path.of(Config.SERVICEACCOUNT_TOKEN_PATH));
    }

    /** Null when the cluster can be used, else why not (NOT_CONFIGURED or UNREACHABLE). */
    ProviderHealth.Status problem() {
        return problem;
    }

    String problemDetail() {
        return problemDetail;
    }

    /** The client for ordinary calls; throws {@link UnavailableException} when there is no usable cluster. */
    ApiClient api() {
        if (api == null) throw new UnavailableException("Kubernetes is not configured: " + problemDetail);
        return api;
    }

    /** A client whose every call ends within {@link #PROBE_TIMEOUT}. */
    ApiClient probe() {
        if (probe == null) throw new UnavailableException("Kubernetes is not configured: " + problemDetail);
        return probe;
    }

    /** The namespace used when a backend names none. */
    String namespace() {
        return namespace;
    }

    /** Where the API server is and what configured it, for messages: no credentials in it. */
    String describe() {
        if (api == null) return problemDetail;
        return "namespace " + namespace + " at " + server() + " from " + source;
    }

    String server() {
        if (api == null) return "(none)";
        try {
            URI u = URI.create(api.getBasePath());
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            return "(unparsable server URL)";
        }
    }

    /** Stops the HTTP clients' threads and drops pooled connections. */
    void close() {
        for (ApiClient c : new ApiClient[] { api, probe }) {
            if (c == null) continue;
            c.getHttpClient().dispatcher().executorService().shutdown();
            c.getHttpClient().connectionPool().evictAll();
        }
    }
}
