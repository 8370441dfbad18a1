package org.aegisml.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.PageRequest;
import org.aegisml.api.cost.CostLedger;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.cost.LedgerQuery;
import org.aegisml.api.cost.LedgerReport;
import org.aegisml.api.cost.SyncReport;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.provider.Autoscaling;
import org.aegisml.api.provider.AutoscalingPolicy;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.api.provider.ProviderInfo;
import org.aegisml.api.provider.Providers;
import org.aegisml.api.provider.ScalingDecision;
import org.aegisml.api.provider.ScalingMetric;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

/**
 * Providers inside the runtime: a model host, a cost source and a provider registered and
 * removed as services (as a provider bundle does when it is installed or uninstalled), the
 * rollout controller moving the host's own weights, the cost ledger joining provider and token
 * spend, and the autoscaler acting through the host.
 */
class ProvidersIntegrationTest {
    private static final Actor OPERATOR = new Actor("k-olga", "olga", Role.OPERATOR);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<ServiceRegistration<?>> registered = new CopyOnWriteArrayList<>();
    private String type;
    private InMemoryHost host;

    @BeforeAll
    static void runtime() throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("controllerTickMillis", 200L);
        p.put("hostSyncMillis", 1000L);
        TestRuntime.configure("org.aegisml.deployment", p);
        Hashtable<String, Object> a = new Hashtable<>();
        a.put("tickMillis", 200L);
        TestRuntime.configure(AutoscalerService.class.getName(), a);
        TestRuntime.ensureStore();
    }

    @AfterEach
    void unregister() {
        for (ServiceRegistration<?> r : registered) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // the test removed it itself
            }
        }
    }

    private <T> ServiceRegistration<T> register(Class<T> type, T service, String provider) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Provider.PROPERTY, provider);
        ServiceRegistration<T> r = TestRuntime.context().registerService(type, service, props);
        registered.add(r);
        return r;
    }

    /** A host of a type of its own (so tests never share one) from provider {@code name}. */
    private ServiceRegistration<ModelHost> installHost(String provider) {
        type = "mem-" + UUID.randomUUID().toString().substring(0, 6);
        host = new InMemoryHost(type);
        return register(ModelHost.class, host, provider);
    }

    private static Deployments deployments() {
        return TestRuntime.service(Deployments.class, "(controllerTickMillis=200)");
    }

    private static String model(int versions) {
        Registry registry = TestRuntime.service(Registry.class);
        String name = "prov-" + UUID.randomUUID().toString().substring(0, 8);
        registry.create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of()), OPERATOR);
        for (int i = 0; i < versions; i++) {
            registry.addVersion(AssetType.MODEL, name, new NewVersion(new ModelVersionSpec("v" + (i + 1), "sklearn", "pickle",
                    Map.of(), Map.of(), Map.of(), List.of()), "model.pkl", "application/octet-stream",
                    new ByteArrayInputStream(new byte[] { (byte) i })), OPERATOR);
        }
        return name;
    }

    private Target hosted(String model, int version) {
        return new Target(new VersionRef(AssetType.MODEL, model, version),
                new Backend(type, null, null, null, Map.of("image", "registry.example/" + model + ":" + version)), null);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestRuntime.await(what, WAIT, condition);
    }

    private static RolloutSpec canary(Target candidate, List<Step> steps) {
        return new RolloutSpec(Strategy.CANARY, candidate, steps, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                null, null, null, null, null, null, null, null, Duration.ZERO, "test");
    }

    private Rollout awaitState(String id, RolloutState state) throws InterruptedException {
        await("rollout " + id + " to be " + state, () -> deployments().rollout(id).orElseThrow().state() == state);
        return deployments().rollout(id).orElseThrow();
    }

    @Test
    void aCanaryMovesTheProvidersOwnWeightsStepByStepAndThePromotedVersionReplacesTheOld() throws Exception {
        installHost("test");
        String m = model(2);
        deployments().create(new DeploymentSpec(m, null, "proj", hosted(m, 1), null), OPERATOR);
        assertEquals(Map.of(1, 100), host.weights(m), "the stable runs at the provider before the deployment exists");

        Rollout r = deployments().startRollout(m, canary(hosted(m, 2), List.of(new Step(10, Duration.ofSeconds(1), false),
                new Step(50, Duration.ofSeconds(1), false), new Step(100, Duration.ofSeconds(1), false))), OPERATOR);
        awaitState(r.id(), RolloutState.PROMOTED);
        await("the old version removed", () -> host.weights(m).equals(Map.of(2, 100)));
        List<String> calls = new ArrayList<>(host.calls);
        assertEquals("deploy 1", calls.get(0));
        assertEquals("deploy 2", calls.get(1), "the candidate was deployed (at weight 0) before the rollout was written");
        int at10 = calls.indexOf("route 1=90 2=10");
        int at50 = calls.indexOf("route 1=50 2=50");
        int undeploy = calls.indexOf("undeploy 1");
        assertTrue(at10 > 1 && at50 > at10 && undeploy > at50, "weights moved step by step, then the old left: " + calls);

        // What the provider reports, over HTTP as an operator sees it.
        Http http = TestRuntime.ensureServer();
        var host = http.get("/api/v1/deployments/" + m + "/host");
        assertEquals(200, host.status(), host.text());
        assertEquals(1, host.json().path("versions").size(), host.text());
        assertEquals(2, host.json().path("versions").get(0).path("version").path("version").asInt(), host.text());
        assertEquals(100, host.json().path("versions").get(0).path("weight").asInt(), host.text());
        assertEquals(404, http.get("/api/v1/deployments/nope-" + m + "/host").status());
    }

    @Test
    void aRollbackPutsAllTrafficBackOnTheStableAtTheProviderAndRemovesTheCandidate() throws Exception {
        installHost("test");
        String m = model(2);
        deployments().create(new DeploymentSpec(m, null, "proj", hosted(m, 1), null), OPERATOR);
        Rollout r = deployments().startRollout(m, canary(hosted(m, 2), List.of(new Step(30, Duration.ofHours(1), false),
                new Step(100, Duration.ofSeconds(1), false))), OPERATOR);
        await("the canary weight at the provider", () -> host.weights(m).equals(Map.of(1, 70, 2, 30)));
        deployments().act(r.id(), RolloutAction.ROLLBACK, "looks wrong", OPERATOR);
        await("everything back on the stable", () -> host.weights(m).equals(Map.of(1, 100)));
        await("the candidate removed", () -> host.calls.contains("undeploy 2"));
        List<String> calls = new ArrayList<>(host.calls);
        assertTrue(calls.indexOf("route 1=100") > calls.indexOf("route 1=70 2=30")
                && calls.indexOf("undeploy 2") > calls.indexOf("route 1=100"), "traffic back first, then removed: " + calls);
    }

    @Test
    void aHostedCanaryIsAnalysedOnTheProvidersOwnMetricsAndRolledBackWhenSlow() throws Exception {
        installHost("test");
        String m = model(2);
        // The provider's per-version latency (what CloudWatch reports for SageMaker variants).
        register(org.aegisml.api.provider.MetricsSource.class, new org.aegisml.api.provider.MetricsSource() {
            public String type() {
                return type;
            }

            public List<org.aegisml.api.provider.HostMetric> metrics(String endpoint, String metric, Instant from, Instant to) {
                if (!endpoint.equals(m) || !metric.equals(LATENCY_MS)) return List.of();
                List<org.aegisml.api.provider.HostMetric> out = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    out.add(new org.aegisml.api.provider.HostMetric(metric, new VersionRef(AssetType.MODEL, m, 1),
                            to.minusSeconds(i), 40 + i));
                    out.add(new org.aegisml.api.provider.HostMetric(metric, new VersionRef(AssetType.MODEL, m, 2),
                            to.minusSeconds(i), 300 + i));
                }
                return out;
            }
        }, "test");
        deployments().create(new DeploymentSpec(m, null, "proj", hosted(m, 1), null), OPERATOR);
        var rule = new org.aegisml.api.deployment.AnalysisRule("latency", "provider_latency_ms",
                org.aegisml.api.deployment.Bound.MAX, 100, false, null, 3);
        Rollout r = deployments().startRollout(m, new RolloutSpec(Strategy.CANARY, hosted(m, 2),
                List.of(new Step(20, Duration.ofSeconds(30), true), new Step(100, Duration.ofSeconds(30), true)), List.of(rule),
                Duration.ofSeconds(1), Duration.ofMinutes(1), 0, null, null, null, null, null, null, null, null, Duration.ZERO,
                "test"), OPERATOR);
        Rollout done = awaitState(r.id(), RolloutState.ROLLED_BACK);
        assertTrue(done.reason().contains("provider_latency_ms"), done.reason());
        await("all traffic back on the stable at the provider", () -> host.weights(m).equals(Map.of(1, 100)));
    }

    @Test
    void removingTheProviderPausesItsRolloutWithTheReasonAndReinstallingLetsItResume() throws Exception {
        var reg = installHost("test");
        String m = model(2);
        deployments().create(new DeploymentSpec(m, null, "proj", hosted(m, 1), null), OPERATOR);
        Rollout r = deployments().startRollout(m, canary(hosted(m, 2), List.of(new Step(20, Duration.ofHours(1), false),
                new Step(100, Duration.ofSeconds(1), false))), OPERATOR);
        reg.unregister();
        Rollout paused = awaitState(r.id(), RolloutState.PAUSED);
        assertTrue(paused.reason().contains(type) && paused.reason().contains("install it again"), paused.reason());
        assertTrue(TestRuntime.service(Providers.class).host(type).isEmpty());

        // A new deployment on a type nobody serves is refused, naming what is installed.
        String m2 = model(1);
        ValidationException refused = assertThrows(ValidationException.class,
                () -> deployments().create(new DeploymentSpec(m2, null, null, hosted(m2, 1), null), OPERATOR));
        assertEquals("stable.backend.type", refused.field());

        register(ModelHost.class, host, "test");
        deployments().act(r.id(), RolloutAction.RESUME, "provider is back", OPERATOR);
        assertEquals(RolloutState.PROGRESSING, deployments().rollout(r.id()).orElseThrow().state());
    }

    @Test
    void aProviderThatRefusesTheCandidateRefusesTheRolloutAndNothingIsWritten() throws Exception {
        installHost("test");
        String m = model(2);
        deployments().create(new DeploymentSpec(m, null, "proj", hosted(m, 1), null), OPERATOR);
        Target noImage = new Target(new VersionRef(AssetType.MODEL, m, 2), new Backend(type, null, null, null, Map.of()), null);
        ValidationException e = assertThrows(ValidationException.class, () -> deployments().startRollout(m,
                canary(noImage, List.of(new Step(100, Duration.ofSeconds(1), false))), OPERATOR));
        assertEquals("candidate.backend.options.image", e.field(), e.getMessage());
        assertTrue(deployments().rollouts(m).isEmpty());
        assertEquals(Map.of(1, 100), host.weights(m));
    }

    @Test
    void providersAreListedWithCapabilitiesAndHealthAndDisappearWhenRemoved() throws Exception {
        String name = "p" + UUID.randomUUID().toString().substring(0, 6);
        var provider = register(Provider.class, new Provider() {
            public String name() {
                return name;
            }

            public String title() {
                return "Test cloud";
            }

            public ProviderHealth health() {
                return new ProviderHealth(ProviderHealth.Status.NOT_CONFIGURED, "no credentials in TESTCLOUD_TOKEN",
                        Instant.now());
            }
        }, name);
        installHost(name);
        register(CostSource.class, new Source(name, List.of()), name);
        Providers providers = TestRuntime.service(Providers.class);
        ProviderInfo info = providers.find(name).orElseThrow();
        assertEquals(List.of("cost-source", "model-host:" + type), info.capabilities());
        assertEquals(ProviderHealth.Status.NOT_CONFIGURED, info.health().status());
        assertTrue(info.bundle() != null && info.bundleVersion() != null, info.toString());

        // Over HTTP, as a client sees it.
        Http http = TestRuntime.ensureServer();
        var listed = http.get("/api/v1/providers");
        assertEquals(200, listed.status(), listed.text());
        assertTrue(listed.text().contains("\"name\":\"" + name + "\"") && listed.text().contains("\"status\":\"not_configured\"")
                && listed.text().contains("no credentials in TESTCLOUD_TOKEN"), listed.text());

        provider.unregister();
        assertTrue(providers.find(name).isEmpty());
        assertEquals(404, http.get("/api/v1/providers/" + name).status());
    }

    /** A cost source answering fixed lines (what a provider's billing API would report). */
    private record Source(String provider, List<CostLine> lines) implements CostSource {
        public List<CostLine> daily(LocalDate from, LocalDate to) {
            if (lines == null) throw new org.aegisml.api.UnavailableException("billing API down");
            return lines;
        }
    }

    @Test
    void theLedgerShowsProviderAndTokenCostOfAModelSideBySideAndASyncReplacesNotAdds() throws Exception {
        String m = model(1);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        String src = "cloud-" + UUID.randomUUID().toString().substring(0, 6);
        var first = register(CostSource.class, new Source(src, List.of(
                new CostLine(yesterday, "proj", m, 1, "ep-" + m, "Hosting", 12.5, "USD"),
                new CostLine(today, "proj", m, 1, "ep-" + m, "Hosting", 7.25, "USD"),
                new CostLine(today, null, null, null, null, "Support", 3.0, "USD"),
                new CostLine(today, "proj", m, 1, "ep-" + m, "Hosting", 99.0, "EUR"))), src);
        String broken = "down-" + UUID.randomUUID().toString().substring(0, 6);
        register(CostSource.class, new Source(broken, null), broken);
        // An LLM call of the same model, priced by the event: token spend today.
        TestRuntime.service(Monitoring.class).ingest(List.of(new Event(null, "proj", m, 1, "ep-" + m, Instant.now(), 20.0,
                false, Arm.STABLE, null, null, null, null, null, "hi", "hello", null, null, 100L, 50L, 0.75)));

        CostLedger ledger = TestRuntime.service(CostLedger.class);
        SyncReport sync = ledger.sync(yesterday, today.plusDays(1));
        assertEquals(4, sync.lines().get(src));
        assertTrue(sync.failures().get(broken).contains("billing API down"), sync.failures().toString());

        LedgerQuery q = new LedgerQuery(yesterday, today.plusDays(1), LedgerQuery.GroupBy.VERSION, null, m);
        await("token spend in the ledger", () -> ledger.report(q).tokens() > 0);
        LedgerReport r = ledger.report(q);
        LedgerReport.Row y = row(r, yesterday, m + ":1");
        LedgerReport.Row t = row(r, today, m + ":1");
        assertEquals(12.5, y.infrastructure(), 1e-9);
        assertEquals(0.0, y.tokens(), 1e-9);
        assertEquals(7.25, t.infrastructure(), 1e-9);
        assertEquals(0.75, t.tokens(), 1e-9);
        assertEquals(Map.of(src, 7.25), t.bySource());
        assertEquals(99.0, r.otherCurrencies().get("EUR"), 1e-9, "another currency is listed apart, not added");

        // The provider revised today's figure: a second sync replaces it.
        first.unregister();
        register(CostSource.class, new Source(src, List.of(new CostLine(today, "proj", m, 1, "ep-" + m, "Hosting", 8.0,
                "USD"))), src);
        ledger.sync(today, today.plusDays(1));
        LedgerReport again = ledger.report(q);
        assertEquals(8.0, row(again, today, m + ":1").infrastructure(), 1e-9);
        assertEquals(12.5, row(again, yesterday, m + ":1").infrastructure(), 1e-9, "days not asked for are kept");

        LedgerReport byEndpoint = ledger.report(new LedgerQuery(yesterday, today.plusDays(1), LedgerQuery.GroupBy.ENDPOINT,
                "proj", null));
        assertEquals(8.75, row(byEndpoint, today, "ep-" + m).total(), 1e-9);
        assertThrows(ValidationException.class, () -> ledger.report(new LedgerQuery(today, yesterday, null, null, null)));
    }

    @Test
    void aSpendSpikeOfAModelIsFlagged() {
        String m = model(1);
        String src = "spiky-" + UUID.randomUUID().toString().substring(0, 6);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<CostLine> lines = new ArrayList<>();
        for (int i = 20; i >= 1; i--) lines.add(new CostLine(today.minusDays(i), "p", m, 1, "e", "Hosting", 10 + (i % 3), "USD"));
        lines.add(new CostLine(today, "p", m, 1, "e", "Hosting", 95, "USD"));
        register(CostSource.class, new Source(src, lines), src);
        CostLedger ledger = TestRuntime.service(CostLedger.class);
        ledger.sync(today.minusDays(20), today.plusDays(1));
        LedgerReport r = ledger.report(new LedgerQuery(today.minusDays(6), today.plusDays(1), LedgerQuery.GroupBy.MODEL, null, m));
        assertEquals(1, r.spikes().size(), r.spikes().toString());
        assertEquals(today, r.spikes().get(0).day());
        assertEquals(95.0, r.spikes().get(0).total(), 1e-9);
    }

    @Test
    void aProviderSpendSpikeFiresAnAnomalyAlertOnInfrastructureCost() {
        String m = model(1);
        String src = "alarm-" + UUID.randomUUID().toString().substring(0, 6);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<CostLine> lines = new ArrayList<>();
        for (int i = 22; i >= 2; i--) lines.add(new CostLine(today.minusDays(i), "p", m, 1, "e", "Hosting", 20 + (i % 4), "USD"));
        // Yesterday, the last complete day an anomaly rule with a one-day step judges.
        lines.add(new CostLine(today.minusDays(1), "p", m, 1, "e", "Hosting", 180, "USD"));
        register(CostSource.class, new Source(src, lines), src);
        TestRuntime.service(CostLedger.class).sync(today.minusDays(22), today.plusDays(1));

        var series = TestRuntime.service(Monitoring.class).series(new org.aegisml.api.monitoring.SeriesQuery(m, null, null, null,
                org.aegisml.api.monitoring.Metric.INFRASTRUCTURE_COST, today.minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.atStartOfDay(ZoneOffset.UTC).toInstant(), Duration.ofDays(1)));
        assertEquals(List.of(20.0 + 3 % 4, 20.0 + 2 % 4, 180.0), series.points().stream().map(p -> p.value()).toList());

        var alerts = TestRuntime.service(org.aegisml.api.alerting.Alerts.class);
        ValidationException shortWindow = assertThrows(ValidationException.class, () -> alerts.createRule(
                new org.aegisml.api.alerting.RuleSpec("too-short",
                org.aegisml.api.monitoring.Metric.INFRASTRUCTURE_COST, org.aegisml.api.alerting.Condition.GT, 100.0,
                Duration.ofHours(1), null, new org.aegisml.api.alerting.AlertScope(m, null, null, null), null, List.of(), true),
                OPERATOR));
        assertEquals("window", shortWindow.field(), shortWindow.getMessage());
        var rule = alerts.createRule(new org.aegisml.api.alerting.RuleSpec("provider-spend-spike-" + m,
                org.aegisml.api.monitoring.Metric.INFRASTRUCTURE_COST, org.aegisml.api.alerting.Condition.ANOMALY, 3.5,
                Duration.ofDays(1), null, new org.aegisml.api.alerting.AlertScope(m, null, null, null), null, List.of(), true),
                OPERATOR);
        try {
            alerts.evaluate(Instant.now());
            assertTrue(alerts.firing().stream().anyMatch(a -> a.ruleId().equals(rule.id())),
                    "the spike fires the rule: " + alerts.firing());
        } finally {
            alerts.deleteRule(rule.id(), OPERATOR);
        }
    }

    private static LedgerReport.Row row(LedgerReport r, LocalDate day, String key) {
        return r.rows().stream().filter(x -> x.day().equals(day) && x.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + day + " " + key + " in " + r.rows()));
    }

    @Test
    void theAutoscalerScalesAHostedDeploymentOnLatencyHonoursTheCooldownAndAuditsTheChange() throws Exception {
        installHost("test");
        String m = model(1);
        deployments().create(new DeploymentSpec(m, null, "proj", hosted(m, 1), null), OPERATOR);
        // The stable answers in 400 ms: four times the 100 ms target.
        List<Event> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            slow.add(new Event(null, null, m, 1, m, Instant.now(), 400.0, false, Arm.STABLE, 1.0, null, null, null, null, null,
                    null, null, null, null, null, null));
        }
        TestRuntime.service(Monitoring.class).ingest(slow);
        Autoscaling autoscaling = TestRuntime.service(Autoscaling.class);
        autoscaling.put(new AutoscalingPolicy(m, ScalingMetric.LATENCY_P95, 100, 1, 3, null, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMillis(300), null), OPERATOR);
        await("a scale-up at the provider", () -> host.replicas(m, 1) == 3);
        await("a decision after the scale-up", () -> autoscaling.decisions(m).size() >= 2
                && !autoscaling.decisions(m).get(0).applied());
        ScalingDecision up = autoscaling.decisions(m).stream().filter(ScalingDecision::applied).findFirst().orElseThrow();
        assertEquals(1, up.current());
        assertEquals(3, up.desired(), "ceil(1 x 400 / 100) = 4, bounded by the maximum of 3");
        assertEquals(1, host.calls.stream().filter(c -> c.startsWith("scale")).count(), "one change: " + host.calls);
        ScalingDecision after = autoscaling.decisions(m).get(0);
        assertTrue(after.reason().contains("maximum") || after.reason().contains("cooling"), after.reason());

        List<AuditEntry> audit = TestRuntime.service(AuditLog.class).list(new AuditQuery(null, "autoscaling.scale",
                "deployments/" + m, null, null, new PageRequest(1, 10))).items();
        assertEquals(1, audit.size());
        assertTrue(audit.get(0).after().contains("\"replicas\":3") && audit.get(0).after().contains("latency_p95"),
                audit.get(0).after());

        // A policy on a deployment no model host serves is refused.
        assertThrows(org.aegisml.api.NotFoundException.class, () -> autoscaling.put(new AutoscalingPolicy("nope-" + m,
                ScalingMetric.QUEUE_LENGTH, 5, 1, 2, null, null, null, null, null, null), OPERATOR));
        assertFalse(autoscaling.policy(m).isEmpty());
    }
}
