package org.aegisml.deployment.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Gateway;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;

/**
 * The runtime the deployment tests share: the controller ticking every 200 ms on its own (as
 * in production, only faster), local model servers whose errors and latency a test sets, and
 * traffic sent through the real gateway, so every event the analysis reads came from a call.
 */
final class Fixtures {
    static final Actor OPERATOR = new Actor("k-olga", "olga", Role.OPERATOR);
    static final Actor APPROVER = new Actor("k-april", "april", Role.APPROVER);
    static final Actor VIEWER = new Actor("k-vic", "vic", Role.VIEWER);
    static final String FILTER = "(controllerTickMillis=200)";
    private static boolean configured;

    private Fixtures() {
    }

    static synchronized void runtime() throws IOException {
        if (configured) return;
        configured = true;
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("controllerTickMillis", 200L);
        p.put("probeTimeoutSeconds", 2);
        TestRuntime.configure("org.aegisml.deployment", p);
        TestRuntime.ensureStore();
    }

    static Deployments deployments() {
        return TestRuntime.service(Deployments.class, FILTER);
    }

    static Approvals approvals() {
        return TestRuntime.service(Approvals.class, FILTER);
    }

    static Gateway gateway() {
        return TestRuntime.service(Gateway.class);
    }

    static Registry registry() {
        return TestRuntime.service(Registry.class);
    }

    /** A new model with {@code versions} versions; its name is unique, so its summaries are the test's own. */
    static String model(int versions) {
        String name = "dep-" + UUID.randomUUID().toString().substring(0, 8);
        registry().create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of()), OPERATOR);
        for (int i = 0; i < versions; i++) {
            registry().addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("v" + (i + 1), "sklearn", "pickle",
                    Map.of(), Map.of("auc", 0.8 + i / 100.0), Map.of(), List.of()), "model.pkl", "application/octet-stream",
                    new ByteArrayInputStream(new byte[] { (byte) i })), OPERATOR);
        }
        return name;
    }

    static Target target(String model, int version, ModelServer server) {
        return new Target(new VersionRef(AssetType.MODEL, model, version),
                new Backend("http-json", server.predictUrl(), Duration.ofSeconds(2), 1, Map.of()), null);
    }

    /** A deployment named after the model, serving version 1 from {@code stable}. */
    static Deployment deploy(String model, ModelServer stable) {
        return deployments().create(new DeploymentSpec(model, "test", "proj", target(model, 1, stable), null), OPERATOR);
    }

    static Rollout awaitState(String rollout, RolloutState state, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Rollout r = null;
        while (System.nanoTime() < end) {
            r = deployments().rollout(rollout).orElseThrow();
            if (r.state() == state) return r;
            Thread.sleep(100);
        }
        throw new AssertionError("rollout did not reach " + state + " within " + timeout + "; it is " + (r == null ? null
                : r.state() + " at step " + r.step() + " (" + r.reason() + "), analyses: " + r.analyses()));
    }

    /** One call through the gateway, answered. */
    static GatewayResponse call(String endpoint, String body, Map<String, String> headers) {
        try {
            return gateway().invoke(endpoint, body.getBytes(StandardCharsets.UTF_8), headers).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("gateway call failed", e);
        }
    }

    /** Calls an endpoint from a background thread, about {@code perSecond} times a second, until closed. */
    static final class Traffic implements AutoCloseable {
        final List<String> versions = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong failures = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Traffic(String endpoint, int perSecond) {
            long pause = 1_000_000_000L / perSecond;
            thread = Thread.ofPlatform().daemon().name("traffic-" + endpoint).start(() -> {
                int i = 0;
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        GatewayResponse r = gateway().invoke(endpoint, ("{\"x\":" + (i++ % 10) + "}")
                                .getBytes(StandardCharsets.UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
                        versions.add(r.version());
                        statuses.add(r.status());
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    long wait = pause - (System.nanoTime() - t0);
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(15_000);
        }
    }
}
