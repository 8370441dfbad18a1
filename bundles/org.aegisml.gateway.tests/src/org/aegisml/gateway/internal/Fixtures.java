package org.aegisml.gateway.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Gateway;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.MonitoringRepository.EventRow;
import org.aegisml.api.store.Store;
import org.aegisml.testing.TestRuntime;

/**
 * The runtime the gateway integration tests share: the real store, registry, monitoring and
 * backends, the gateway configured once per JVM with a short circuit cool-down and a fast
 * poll, and {@link TestDeployments} as the deployment service.
 */
final class Fixtures {
    static final Actor OPERATOR = new Actor("k1", "olga", Role.OPERATOR);
    static final long COOL_DOWN_MILLIS = 600;
    static final int SHADOW_IN_FLIGHT = 64;
    private static boolean configured;

    private Fixtures() {
    }

    static synchronized void runtime() throws Exception {
        // Once per JVM: every configuration update replaces the gateway instance.
        if (configured) return;
        configured = true;
        TestRuntime.ensureStore();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("breakerCoolDownMillis", (int) COOL_DOWN_MILLIS);
        p.put("pollMillis", 200);
        p.put("eventFlushMillis", 100);
        p.put("shadowMaxInFlight", SHADOW_IN_FLIGHT);
        TestRuntime.configure("org.aegisml.gateway", p);
        TestDeployments.register();
    }

    static Gateway gateway() {
        return TestRuntime.service(Gateway.class, "(breakerCoolDownMillis=" + COOL_DOWN_MILLIS + ")");
    }

    /** The component behind the service, for what only the tests look at (counters, the comparison sink). */
    static GatewayService internals() {
        return (GatewayService) gateway();
    }

    static TestDeployments deployments() {
        return TestDeployments.register();
    }

    static Registry registry() {
        return TestRuntime.service(Registry.class);
    }

    static Monitoring monitoring() {
        return TestRuntime.service(Monitoring.class);
    }

    static Store store() {
        return TestRuntime.service(Store.class);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a model with {@code versions} versions and returns its name. */
    static String model(ModelKind kind, int versions) {
        String name = unique(kind == ModelKind.LLM ? "llm" : "m");
        registry().create(new NewAsset(AssetType.MODEL, name, kind, null, Map.of()), OPERATOR);
        for (int i = 0; i < versions; i++) {
            registry().addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("v" + (i + 1), "sklearn",
                    "pickle", Map.of(), Map.of(), Map.of(), List.of()), "model.bin", "application/octet-stream",
                    new ByteArrayInputStream(new byte[] { (byte) i })), OPERATOR);
        }
        return name;
    }

    /** Registers a prompt with one version and returns its name. */
    static String prompt(String template, Map<String, Object> parameters, String targetModel) {
        String name = unique("p");
        registry().create(new NewAsset(AssetType.PROMPT, name, null, null, Map.of()), OPERATOR);
        registry().addVersion(AssetType.PROMPT, name, new NewVersion(new PromptVersionSpec("d", template, List.of(),
                targetModel, parameters, "first"), null, null, null), OPERATOR);
        return name;
    }

    static VersionRef modelVersion(String name, int v) {
        return new VersionRef(AssetType.MODEL, name, v);
    }

    static Backend json(String url, Duration timeout, int retries) {
        return new Backend("http-json", url, timeout, retries, Map.of());
    }

    static Target target(String model, int version, Backend backend) {
        return new Target(modelVersion(model, version), backend, modelVersion(model, version));
    }

    /** Creates an endpoint serving {@code stable}; returns its name. */
    static String endpoint(Target stable, Capture capture) {
        String name = unique("ep");
        deployments().create(new DeploymentSpec(name, null, "proj-gw", stable, capture), OPERATOR);
        return name;
    }

    static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String text(GatewayResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static GatewayResponse invoke(String endpoint, String json) throws Exception {
        return invoke(endpoint, json, Map.of());
    }

    static GatewayResponse invoke(String endpoint, String json, Map<String, String> headers) throws Exception {
        return gateway().invoke(endpoint, body(json), headers).get(30, TimeUnit.SECONDS);
    }

    /** The exception a call failed with (unwrapped). */
    static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    /** The stored event of a request, waiting up to 10 s for the background writer. */
    static EventRow event(String requestId) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Optional<EventRow> e = store().read(tx -> tx.monitoring().event(requestId));
            if (e.isPresent()) return e.get();
            Thread.sleep(20);
        }
        throw new AssertionError("no monitoring event " + requestId + " after 10 s");
    }

    /** A rollout's shadow comparisons as the store has them (written by the gateway in batches about once a second). */
    static List<ShadowComparison> comparisons(String rollout) {
        return store().read(tx -> tx.deployments().shadowComparisons(rollout, 10_000));
    }

    static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + within + " waiting for " + what);
            Thread.sleep(10);
        }
    }
}
