package org.aegisml.provider.kubernetes.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * fabric8's Kubernetes mock API server in CRUD mode on a free loopback port (it stores what it is
 * sent and answers reads, lists with label selectors, patches; it runs no controllers, so a
 * Deployment's status stays empty until a test writes it), plus a kubeconfig file naming it and
 * plain HTTP access for the tests to read its state and seed status and Events.
 */
final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final String base;
    private final Path kubeconfig;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private MockCluster(KubernetesMockServer server, Path kubeconfig) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.getPort();
        this.kubeconfig = kubeconfig;
    }

    /** Starts a server and writes a kubeconfig whose context's namespace is {@code namespace}. */
    static MockCluster start(Path dir, String namespace) throws IOException {
        return start(dir, namespace, false, USER_TOKEN);
    }

    /**
     * Starts a server, over TLS with a self-signed certificate when {@code https} (the kubeconfig
     * then skips verification), and writes a kubeconfig with {@code user} as the user entry.
     */
    static MockCluster start(Path dir, String namespace, boolean https, String user) throws IOException {
        KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), https);
        s.init(InetAddress.getLoopbackAddress(), 0);
        Path file = Files.createTempFile(Files.createDirectories(dir), "kubeconfig-", ".yaml");
        String yaml = kubeconfig((https ? "https" : "http") + "://127.0.0.1:" + s.getPort(), namespace, user);
        if (https) yaml = yaml.replace("    server:", "    insecure-skip-tls-verify: true\n    server:");
        Files.writeString(file, yaml);
        return new MockCluster(s, file);
    }

    /** A user entry with a dummy bearer token, which the mock ignores. */
    static final String USER_TOKEN = """
            - name: tester
              user:
                token: not-a-real-token
            """;

    /** A kubeconfig for {@code server}; the token is a dummy the mock ignores. */
    static String kubeconfig(String server, String namespace) {
        return kubeconfig(server, namespace, USER_TOKEN);
    }

    static String kubeconfig(String server, String namespace, String user) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: %s
                current-context: mock
                users:
                """.formatted(server, namespace) + user;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    JsonNode deployment(String ns, String name) {
        return get("/apis/apps/v1/namespaces/" + ns + "/deployments/" + name);
    }

    JsonNode service(String ns, String name) {
        return get("/api/v1/namespaces/" + ns + "/services/" + name);
    }

    /** Writes what the Deployment controller and kubelets would: the status of a Deployment. */
    void status(String ns, String name, String statusJson) {
        send("PATCH", "/apis/apps/v1/namespaces/" + ns + "/deployments/" + name + "/status",
                "application/merge-patch+json", "{\"status\":" + statusJson + "}");
    }

    /** Creates a Deployment as someone other than AegisML would. */
    void createDeployment(String ns, String json) {
        send("POST", "/apis/apps/v1/namespaces/" + ns + "/deployments", "application/json", json);
    }

    /** Merge-patches a Deployment behind the provider's back (as the API server's defaulting would change it). */
    void patchDeployment(String ns, String name, String mergePatch) {
        send("PATCH", "/apis/apps/v1/namespaces/" + ns + "/deployments/" + name, "application/merge-patch+json", mergePatch);
    }

    /** Records a core/v1 Event, as a controller or kubelet would. */
    void event(String ns, String name, String kind, String involved, String type, String reason, String message,
            String lastTimestamp) {
        String body = """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"%s","namespace":"%s"},
                 "involvedObject":{"kind":"%s","name":"%s","namespace":"%s"},
                 "type":"%s","reason":"%s","message":"%s","lastTimestamp":"%s","count":1}
                """.formatted(name, ns, kind, involved, ns, type, reason, message, lastTimestamp);
        send("POST", "/api/v1/namespaces/" + ns + "/events", "application/json", body);
    }

    /** The object at {@code path}, or null when the server answers 404. */
    JsonNode get(String path) {
        HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        if (r.statusCode() == 404) return null;
        if (r.statusCode() != 200) throw new AssertionError("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }

    private void send(String method, String path, String contentType, String body) {
        HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
        http.close();
    }
}
