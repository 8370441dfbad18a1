package org.aegisml.policy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Policies;
import org.aegisml.api.policy.PolicyContextProvider;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.TestRuntime;
import org.osgi.framework.ServiceRegistration;

/** What the policy tests share: the services, the shipped examples, a test-controlled {@code evaluation} variable. */
final class Fixtures {
    static final Actor ADMIN = new Actor("k-ada", "ada", Role.ADMIN);
    static final Actor OPERATOR = new Actor("k-olga", "olga", Role.OPERATOR);
    static final Actor APPROVER = new Actor("k-april", "april", Role.APPROVER);
    /** Regression verdicts by version reference, as the evaluation bundle would supply them. */
    static final Map<String, String> VERDICTS = new ConcurrentHashMap<>();
    private static ServiceRegistration<PolicyContextProvider> evaluation;

    private Fixtures() {
    }

    static synchronized void runtime() throws IOException {
        if (evaluation != null) return;
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("refreshMillis", 500);
        TestRuntime.configure("org.aegisml.policy", p);
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("controllerTickMillis", 200L);
        d.put("probeTimeoutSeconds", 2);
        TestRuntime.configure("org.aegisml.deployment", d);
        TestRuntime.ensureStore();
        evaluation = TestRuntime.context().registerService(PolicyContextProvider.class, new PolicyContextProvider() {
            @Override
            public String variable() {
                return "evaluation";
            }

            @Override
            public Set<DecisionPoint> points() {
                return Set.of(DecisionPoint.PROMOTION, DecisionPoint.ROLLOUT_START);
            }

            @Override
            public Object provide(DecisionPoint point, Map<String, Object> context) {
                Object ref = context.get("version") instanceof Map<?, ?> v ? v.get("ref") : null;
                String verdict = ref == null ? null : VERDICTS.get(ref.toString());
                Map<String, Object> regression = new java.util.HashMap<>();
                regression.put("verdict", verdict);
                return Map.of("regression", regression);
            }
        }, null);
    }

    static Policies policies() {
        return TestRuntime.service(Policies.class);
    }

    static PolicyService engine() {
        return (PolicyService) TestRuntime.service(PolicyEngine.class);
    }

    /** The deployment service once it runs with the tests' fast controller tick. */
    static org.aegisml.api.deployment.Deployments deployments() {
        return TestRuntime.service(org.aegisml.api.deployment.Deployments.class, "(controllerTickMillis=200)");
    }

    static Registry registry() {
        return TestRuntime.service(Registry.class);
    }

    static Approvals approvals() {
        return TestRuntime.service(Approvals.class, "(controllerTickMillis=200)");
    }

    static AuditLog audit() {
        return TestRuntime.service(AuditLog.class);
    }

    /** A shipped example policy (bundles/org.aegisml.policy/examples). */
    static String example(String file) {
        try (InputStream in = PolicyService.class.getResourceAsStream("/examples/" + file)) {
            if (in == null) throw new AssertionError("no example " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new model with one version. */
    static String model() {
        String name = unique("pol");
        registry().create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of()), OPERATOR);
        registry().addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("v1", "sklearn", "pickle", Map.of(),
                Map.of("auc", 0.9), Map.of(), List.of()), "m.pkl", "application/octet-stream",
                new ByteArrayInputStream(new byte[] { 1 })), OPERATOR);
        return name;
    }

    /** The live decision about {@code subject} in the newest {@code policy.decide.live} entries, as the log keeps it; null if none. */
    static com.fasterxml.jackson.databind.JsonNode liveDecision(String subject) {
        for (AuditEntry e : audited("policy.decide.live", 50)) {
            try {
                for (com.fasterxml.jackson.databind.JsonNode d : new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.after())
                        .path("decisions")) {
                    if (subject.equals(d.path("subject").asText(null))) return d;
                }
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }
        return null;
    }

    /** The newest audit entries with {@code action}. */
    static List<AuditEntry> audited(String action, int n) {
        return audit().list(new AuditQuery(null, action, null, null, null, new org.aegisml.api.PageRequest(1, n))).items();
    }
}
