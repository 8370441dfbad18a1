package org.aegisml.store.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;

/** Deployment values with every field set, and with every optional field left null. */
final class DeploymentFixtures {
    /** A fixed instant with microseconds, which every timestamp column keeps. */
    static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");

    private DeploymentFixtures() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Instant nowMicros() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static Target modelTarget(String model, int version) {
        // A Duration with nanoseconds: ISO-8601 text keeps them, a number of millis would not.
        Backend backend = new Backend("http-json", "http://churn.svc:8080/predict", Duration.ofMillis(1500).plusNanos(7),
                3, Map.of("api_key", "s3cr3t", "header.X-Team", "risk"));
        VersionRef ref = new VersionRef(AssetType.MODEL, model, version);
        return new Target(ref, backend, ref);
    }

    static Target promptTarget() {
        return new Target(new VersionRef(AssetType.PROMPT, "support-answer", 2),
                new Backend("openai-chat", "http://llm:8000/v1", null, null, Map.of("model", "llama-3")),
                new VersionRef(AssetType.MODEL, "llama", 1));
    }

    static RolloutSpec fullSpec(Target candidate) {
        return new RolloutSpec(Strategy.CANARY, candidate,
                List.of(new Step(10, Duration.ofMinutes(5), true), new Step(50, Duration.ofSeconds(90, 123_456_789), null),
                        new Step(100, null, false)),
                List.of(new AnalysisRule("errors", "error_rate", Bound.MAX, 0.05, false, null, 50),
                        new AnalysisRule(null, "latency_p95", null, 1.2, true, 0.1, null),
                        new AnalysisRule("accuracy floor", "accuracy", Bound.MIN, 0.9, null, null, 200)),
                Duration.ofSeconds(30), Duration.ofMinutes(5), 1, 3, true, false, 25, 40, "header:X-User", "error_rate",
                0.01, Duration.ofMinutes(10), "ship the retrained model");
    }

    static RolloutSpec sparseSpec(Target candidate) {
        return new RolloutSpec(Strategy.SHADOW, candidate, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    static Deployment fullDeployment(String name) {
        return new Deployment(name, "Churn scoring for the retention team", "retention", modelTarget("churn", 3),
                modelTarget("churn", 4), new Routing(Strategy.CANARY, 10, 0, "header:X-User"),
                new Capture(true, false, null), "r-" + name, promptTarget(), at(600), "alice", at(0), at(60), 7);
    }

    static Deployment sparseDeployment(String name) {
        return new Deployment(name, null, null, promptTarget(), null, null, null, null, null, null, "bob", at(0), at(0),
                0);
    }

    static Rollout rollout(String id, String deployment, RolloutState state, Instant created) {
        Target candidate = modelTarget("churn", 4);
        return new Rollout(id, deployment, Strategy.CANARY, modelTarget("churn", 3), candidate, fullSpec(candidate),
                state, 2, 50, created.plusSeconds(5), 1, 2, "ap-" + id, "alice", created, created.plusSeconds(10),
                state.terminal() ? created.plusSeconds(20) : null, state.terminal() ? "analysis failed" : null, null,
                null, null, null);
    }

    static Approval approval(String id, ApprovalState state, Instant requested) {
        boolean decided = state != ApprovalState.PENDING;
        return new Approval(id, "promotion", "r-" + id, "churn", state, "alice", "Alice A.", requested,
                "promote after a clean canary", decided ? "carol" : null, decided ? "Carol C." : null,
                decided ? requested.plusSeconds(30) : null, decided ? "looks good" : null,
                Map.of("versions", List.of("models/churn/3", "models/churn/4"), "errorRate", 0.012, "samples", 1234,
                        "policy", Map.of("allowed", true, "rule", "two-person")));
    }
}
