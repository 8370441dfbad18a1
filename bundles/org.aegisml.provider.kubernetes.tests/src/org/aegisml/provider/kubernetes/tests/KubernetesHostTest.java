package org.aegisml.provider.kubernetes.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The {@code kubernetes} ModelHost against fabric8's mock API server, configured through
 * ConfigAdmin with a kubeconfig naming the mock; what it did is read back from the mock.
 * Each test uses an endpoint of its own.
 */
class KubernetesHostTest {
    static final String NS = "ml-test";
    static MockCluster k8s;
    static ModelHost host;

    @BeforeAll
    static void start() throws Exception {
        k8s = MockCluster.start(TestRuntime.dataDir().resolve("k8s"), NS);
        host = Providers.configure(k8s.kubeconfig().toString(), null).host();
    }

    @AfterAll
    static void stop() {
        if (k8s != null) k8s.close();
    }

    static VersionRef churn(int version) {
        return new VersionRef(AssetType.MODEL, "churn", version);
    }

    static Placement placement(String endpoint, int version, int replicas, String... extra) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("image", "registry.example/churn:" + version);
        o.put("port", "9000");
        o.put("cpu", "500m");
        o.put("memory", "1Gi");
        for (int i = 0; i < extra.length; i += 2) o.put(extra[i], extra[i + 1]);
        return new Placement(endpoint, churn(version), new Backend("kubernetes", null, Duration.ofSeconds(5), 0, o),
                replicas, "fraud-team");
    }

    static int replicas(String ns, String deployment) {
        JsonNode d = k8s.deployment(ns, deployment);
        assertNotNull(d, deployment + " should exist in " + ns);
        return d.path("spec").path("replicas").asInt(-1);
    }

    static String weight(String deployment) {
        return k8s.deployment(NS, deployment).path("metadata").path("annotations").path("aegisml.io/weight").asString();
    }

    @Test
    void deployCreatesALabelledDeploymentAndTheEndpointsService() {
        HostStatus s = host.deploy(placement("churn-api", 1, 3));

        JsonNode d = k8s.deployment(NS, "churn-api-churn-v1");
        assertNotNull(d, "the Deployment is in the kubeconfig context's namespace");
        assertEquals(3, d.path("spec").path("replicas").asInt());
        JsonNode labels = d.path("metadata").path("labels");
        assertEquals("aegisml", labels.path("app.kubernetes.io/managed-by").asString());
        assertEquals("churn-api", labels.path("aegisml-endpoint").asString());
        assertEquals("churn", labels.path("aegisml-model").asString());
        assertEquals("1", labels.path("aegisml-version").asString());
        assertEquals("fraud-team", labels.path("aegisml-project").asString());
        assertEquals("models/churn/1", d.path("metadata").path("annotations").path("aegisml.io/version-ref").asString());
        assertEquals("100", weight("churn-api-churn-v1"), "the first version takes all traffic");
        JsonNode pod = d.path("spec").path("template");
        assertEquals("churn-api", pod.path("metadata").path("labels").path("aegisml-endpoint").asString());
        assertEquals("fraud-team", pod.path("metadata").path("labels").path("aegisml-project").asString());
        JsonNode c = pod.path("spec").path("containers").get(0);
        assertEquals("registry.example/churn:1", c.path("image").asString());
        assertEquals(9000, c.path("ports").get(0).path("containerPort").asInt());
        assertEquals("http", c.path("readinessProbe").path("tcpSocket").path("port").asString());
        assertEquals("500m", c.path("resources").path("requests").path("cpu").asString());
        assertEquals("1Gi", c.path("resources").path("requests").path("memory").asString());

        JsonNode svc = k8s.service(NS, "churn-api");
        assertNotNull(svc, "one Service per endpoint");
        assertEquals("churn-api", svc.path("spec").path("selector").path("aegisml-endpoint").asString());
        assertEquals(9000, svc.path("spec").path("ports").get(0).path("port").asInt());
        assertEquals("http", svc.path("spec").path("ports").get(0).path("targetPort").asString());

        HostStatus.Variant v1 = s.variant(churn(1));
        assertNotNull(v1);
        assertEquals("churn-api-churn-v1", v1.name());
        assertEquals(100, v1.weight());
        assertEquals(3, v1.desiredReplicas());
        assertEquals(0, v1.readyReplicas(), "nothing is ready before a kubelet says so");
        assertFalse(v1.healthy());
        assertFalse(s.ready());

        String rv = d.path("metadata").path("resourceVersion").asString();
        String svcRv = svc.path("metadata").path("resourceVersion").asString();
        assertFalse(rv.isEmpty() || svcRv.isEmpty(), "the mock versions what it stores");
        host.deploy(placement("churn-api", 1, 3));
        assertEquals(rv, k8s.deployment(NS, "churn-api-churn-v1").path("metadata").path("resourceVersion").asString(),
                "deploying a version that is there changes nothing");
        assertEquals(svcRv, k8s.service(NS, "churn-api").path("metadata").path("resourceVersion").asString());

        // A real API server stores the template with defaults filled in; that is no reason to replace it.
        k8s.patchDeployment(NS, "churn-api-churn-v1",
                "{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\"}}}}");
        String defaulted = k8s.deployment(NS, "churn-api-churn-v1").path("metadata").path("resourceVersion").asString();
        assertNotEquals(rv, defaulted);
        host.deploy(placement("churn-api", 1, 3));
        assertEquals(defaulted, k8s.deployment(NS, "churn-api-churn-v1").path("metadata").path("resourceVersion").asString(),
                "server-side defaults do not make the provider rewrite the Deployment");

        HostStatus s2 = host.deploy(placement("churn-api", 2, 3));
        assertEquals(0, replicas(NS, "churn-api-churn-v2"), "a version added to a serving endpoint starts without traffic");
        assertEquals("0", weight("churn-api-churn-v2"));
        assertEquals(3, replicas(NS, "churn-api-churn-v1"));
        assertEquals(2, s2.versions().size());
        assertEquals(0, s2.variant(churn(2)).weight());
    }

    @Test
    void changedBackendReplacesThePodTemplateAndKeepsReplicas() {
        host.deploy(placement("image-api", 1, 2));
        host.route("image-api", Map.of(churn(1), 100));
        String rv = k8s.deployment(NS, "image-api-churn-v1").path("metadata").path("resourceVersion").asString();
        host.deploy(placement("image-api", 1, 5, "readinessPath", "/health"));
        JsonNode d = k8s.deployment(NS, "image-api-churn-v1");
        assertNotEquals(rv, d.path("metadata").path("resourceVersion").asString(), "the Deployment was replaced");
        assertEquals(2, d.path("spec").path("replicas").asInt(), "redeploying never resets the replicas routing set");
        assertEquals("/health", d.path("spec").path("template").path("spec").path("containers").get(0)
                .path("readinessProbe").path("httpGet").path("path").asString());
    }

    @Test
    void routeSetsReplicasInTheRatioOfTheWeightsAndRollsBack() {
        host.deploy(placement("fraud-api", 1, 10));
        host.deploy(placement("fraud-api", 2, 1));

        HostStatus s = host.route("fraud-api", Map.of(churn(1), 90, churn(2), 10));
        assertEquals(9, replicas(NS, "fraud-api-churn-v1"));
        assertEquals(1, replicas(NS, "fraud-api-churn-v2"));
        assertEquals("90", weight("fraud-api-churn-v1"));
        assertEquals("10", weight("fraud-api-churn-v2"));
        assertEquals(90, s.variant(churn(1)).weight());
        assertEquals(10, s.variant(churn(2)).weight());

        host.route("fraud-api", Map.of(churn(1), 50, churn(2), 50));
        assertEquals(5, replicas(NS, "fraud-api-churn-v1"));
        assertEquals(5, replicas(NS, "fraud-api-churn-v2"));

        String rv = k8s.deployment(NS, "fraud-api-churn-v1").path("metadata").path("resourceVersion").asString();
        assertFalse(rv.isEmpty());
        host.route("fraud-api", Map.of(churn(1), 50, churn(2), 50));
        assertEquals(rv, k8s.deployment(NS, "fraud-api-churn-v1").path("metadata").path("resourceVersion").asString(),
                "repeating a route changes nothing");

        HostStatus back = host.route("fraud-api", Map.of(churn(1), 100, churn(2), 0));
        assertEquals(10, replicas(NS, "fraud-api-churn-v1"), "the rollback keeps the endpoint's replica total");
        assertEquals(0, replicas(NS, "fraud-api-churn-v2"));
        assertEquals(100, back.variant(churn(1)).weight());
        assertEquals(0, back.variant(churn(2)).weight());
        assertEquals(0, back.variant(churn(2)).desiredReplicas());
    }

    @Test
    void behindTheGatewayEachVersionHasAServiceAndRouteOnlyRecordsWeights() {
        host.deploy(placement("gw-api", 1, 3, "traffic", "gateway"));
        HostStatus s = host.deploy(placement("gw-api", 2, 2, "traffic", "gateway"));
        assertEquals(3, replicas(NS, "gw-api-churn-v1"));
        assertEquals(2, replicas(NS, "gw-api-churn-v2"), "the gateway sends it nothing until told: it may run at once");
        assertEquals(0, s.variant(churn(2)).weight());
        JsonNode v2 = k8s.service(NS, "gw-api-churn-v2");
        assertNotNull(v2, "one Service per version");
        assertEquals("gw-api-churn-v2", v2.path("spec").path("selector").path("app.kubernetes.io/instance").asString());
        assertNotNull(k8s.service(NS, "gw-api-churn-v1"));
        assertNull(k8s.service(NS, "gw-api"), "no Service mixing the versions' pods");

        HostStatus r = host.route("gw-api", Map.of(churn(1), 90, churn(2), 10));
        assertEquals(3, replicas(NS, "gw-api-churn-v1"));
        assertEquals(2, replicas(NS, "gw-api-churn-v2"));
        assertEquals("90", weight("gw-api-churn-v1"));
        assertEquals("10", weight("gw-api-churn-v2"));
        assertEquals(10, r.variant(churn(2)).weight());

        assertEquals("backend.options.traffic", assertThrows(org.aegisml.api.ConflictException.class,
                () -> host.deploy(placement("gw-api", 3, 1))).field(), "one endpoint, one way of splitting");

        host.undeploy("gw-api", churn(2));
        assertNull(k8s.service(NS, "gw-api-churn-v2"));
        assertNull(k8s.deployment(NS, "gw-api-churn-v2"));
        host.undeploy("gw-api", churn(1));
        assertNull(k8s.service(NS, "gw-api-churn-v1"));
    }

    @Test
    void everyNonzeroWeightGetsAReplicaWhenTheBudgetIsSmall() {
        host.deploy(placement("small-api", 1, 1));
        host.deploy(placement("small-api", 2, 1));
        host.deploy(placement("small-api", 3, 1));

        host.route("small-api", Map.of(churn(1), 98, churn(2), 1, churn(3), 1));
        assertEquals(1, replicas(NS, "small-api-churn-v1"));
        assertEquals(1, replicas(NS, "small-api-churn-v2"));
        assertEquals(1, replicas(NS, "small-api-churn-v3"));

        // Versions left out of the weights get none; the third replica goes to the first of the tied versions.
        host.route("small-api", Map.of(churn(1), 50, churn(2), 50));
        assertEquals(2, replicas(NS, "small-api-churn-v1"));
        assertEquals(1, replicas(NS, "small-api-churn-v2"));
        assertEquals(0, replicas(NS, "small-api-churn-v3"));
        assertEquals("0", weight("small-api-churn-v3"));
    }

    @Test
    void routeRefusesWeightsItCannotApply() {
        host.deploy(placement("refuse-api", 1, 2));
        ValidationException sum = assertThrows(ValidationException.class,
                () -> host.route("refuse-api", Map.of(churn(1), 90)));
        assertEquals("weights", sum.field());
        ValidationException missing = assertThrows(ValidationException.class,
                () -> host.route("refuse-api", Map.of(churn(1), 50, churn(7), 50)));
        assertTrue(missing.getMessage().contains("models/churn/7"), missing.getMessage());
        assertThrows(NotFoundException.class, () -> host.route("no-such-api", Map.of(churn(1), 100)));
        assertEquals(2, replicas(NS, "refuse-api-churn-v1"), "a refused route changes nothing");
    }

    @Test
    void scaleSetsTheReplicasOfOneVersion() {
        host.deploy(placement("scale-api", 1, 2));
        host.deploy(placement("scale-api", 2, 2));

        HostStatus s = host.scale("scale-api", churn(2), 3);
        assertEquals(3, replicas(NS, "scale-api-churn-v2"));
        assertEquals(2, replicas(NS, "scale-api-churn-v1"), "the other version is left alone");
        assertEquals(3, s.variant(churn(2)).desiredReplicas());

        host.scale("scale-api", churn(1), 6);
        assertEquals(6, replicas(NS, "scale-api-churn-v1"));

        // Routing afterwards splits the new total (6 + 3) by the weights.
        host.route("scale-api", Map.of(churn(1), 70, churn(2), 30));
        assertEquals(6, replicas(NS, "scale-api-churn-v1"));
        assertEquals(3, replicas(NS, "scale-api-churn-v2"));

        assertThrows(NotFoundException.class, () -> host.scale("scale-api", churn(9), 1));
        assertThrows(ValidationException.class, () -> host.scale("scale-api", churn(1), -1));
    }

    @Test
    void statusReportsReadinessConditionsAndTheEndpointsEvents() {
        host.deploy(placement("status-api", 1, 4));
        host.deploy(placement("status-api", 2, 1));
        host.route("status-api", Map.of(churn(1), 50, churn(2), 50));

        k8s.status(NS, "status-api-churn-v1", """
                {"replicas":2,"readyReplicas":2,"availableReplicas":2,
                 "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"}]}""");
        k8s.status(NS, "status-api-churn-v2", """
                {"replicas":0,"readyReplicas":0,
                 "conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"},
                  {"type":"ReplicaFailure","status":"True","reason":"FailedCreate","message":"exceeded quota: gpu"}]}""");
        k8s.event(NS, "e1", "Deployment", "status-api-churn-v1", "Normal", "ScalingReplicaSet",
                "Scaled up replica set status-api-churn-v1-7c9f to 2", "2026-11-23T06:00:00Z");
        k8s.event(NS, "e4", "Pod", "status-api-churn-v2-5d8f-x2x9q", "Warning", "FailedScheduling",
                "0/3 nodes are available", "2026-11-23T06:03:00Z");
        k8s.event(NS, "e2", "ReplicaSet", "status-api-churn-v2-5d8f", "Warning", "FailedCreate",
                "exceeded quota: gpu", "2026-11-23T06:01:00Z");
        k8s.event(NS, "e3", "Deployment", "someone-elses-app", "Warning", "Failed", "not ours", "2026-11-23T06:02:00Z");

        HostStatus s = host.status("status-api");
        HostStatus.Variant v1 = s.variant(churn(1));
        HostStatus.Variant v2 = s.variant(churn(2));
        assertEquals(2, v1.readyReplicas());
        assertEquals(2, v1.desiredReplicas());
        assertTrue(v1.healthy(), v1.detail());
        assertEquals(0, v2.readyReplicas());
        assertFalse(v2.healthy());
        assertTrue(v2.detail().contains("FailedCreate"), v2.detail());
        assertTrue(s.ready(), "the Service has ready pods behind it");
        assertEquals("Progressing", s.state());

        List<String> events = s.events();
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).contains("ScalingReplicaSet"), events.toString());
        assertTrue(events.get(1).contains("FailedCreate") && events.get(1).contains("ReplicaSet/status-api-churn-v2-5d8f"),
                events.toString());
        assertTrue(events.get(2).contains("FailedScheduling"), "newest last: " + events);
        assertFalse(events.toString().contains("not ours"));

        assertThrows(NotFoundException.class, () -> host.status("never-deployed"));
    }

    @Test
    void undeployRemovesTheVersionAndWithTheLastOneTheService() {
        host.deploy(placement("gone-api", 1, 2));
        host.deploy(placement("gone-api", 2, 1));

        host.undeploy("gone-api", churn(2));
        assertNull(k8s.deployment(NS, "gone-api-churn-v2"));
        assertNotNull(k8s.deployment(NS, "gone-api-churn-v1"));
        assertNotNull(k8s.service(NS, "gone-api"), "the endpoint still serves version 1");
        host.undeploy("gone-api", churn(2)); // not there: not an error

        host.undeploy("gone-api", churn(1));
        assertNull(k8s.deployment(NS, "gone-api-churn-v1"));
        assertNull(k8s.service(NS, "gone-api"), "the last version took the Service with it");
        assertThrows(NotFoundException.class, () -> host.status("gone-api"));
        host.undeploy("gone-api", churn(1));
        host.undeploy("never-deployed", churn(1));
    }

    @Test
    void aBackendsNamespaceWinsOverTheConfiguredOne() throws Exception {
        host.deploy(placement("team-api", 1, 2, "namespace", "team-a"));
        assertNotNull(k8s.deployment("team-a", "team-api-churn-v1"));
        assertNotNull(k8s.service("team-a", "team-api"));
        assertNull(k8s.deployment(NS, "team-api-churn-v1"));
        host.deploy(placement("team-api", 2, 1, "namespace", "team-a"));
        host.route("team-api", Map.of(churn(1), 50, churn(2), 50));
        assertEquals(1, replicas("team-a", "team-api-churn-v1"));
        assertEquals(1, replicas("team-a", "team-api-churn-v2"));

        // A new instance (a restart) has not seen the deploy: it finds the endpoint by label in all namespaces.
        host = Providers.configure(k8s.kubeconfig().toString(), null).host();
        assertEquals(2, host.status("team-api").versions().size());
        host.undeploy("team-api", churn(2));
        assertNull(k8s.deployment("team-a", "team-api-churn-v2"));
    }

    @Test
    void namesThatAreNotKubernetesNamesAreMadeIntoOnes() {
        Placement p = new Placement("Churn_API.eu", new VersionRef(AssetType.MODEL, "Churn.Big", 4),
                placement("x", 1, 1).backend(), 1, "p");
        HostStatus s = host.deploy(p);
        String name = s.versions().get(0).name();
        assertTrue(name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), name);
        assertTrue(name.startsWith("churn-api-eu-churn-big-v4-"), name);
        JsonNode d = k8s.deployment(NS, name);
        assertEquals("Churn.Big", d.path("metadata").path("labels").path("aegisml-model").asString());
        assertEquals("Churn_API.eu", d.path("metadata").path("annotations").path("aegisml.io/endpoint").asString());
        assertEquals(1, host.status("Churn_API.eu").versions().size());
    }

    @Test
    void validateNamesTheBadOption() {
        host.validate(placement("v", 1, 1).backend());
        assertEquals("backend.options.image", assertThrows(ValidationException.class,
                () -> host.validate(new Backend("kubernetes", null, null, null, Map.of("port", "80")))).field());
        assertEquals("backend.options.port", assertThrows(ValidationException.class,
                () -> host.validate(backend("port", "eighty"))).field());
        assertEquals("backend.options.port", assertThrows(ValidationException.class,
                () -> host.validate(backend("port", "70000"))).field());
        assertEquals("backend.options.cpu", assertThrows(ValidationException.class,
                () -> host.validate(backend("cpu", "lots"))).field());
        assertEquals("backend.options.namespace", assertThrows(ValidationException.class,
                () -> host.validate(backend("namespace", "Team_A"))).field());
        assertEquals("backend.options.gpu", assertThrows(ValidationException.class,
                () -> host.validate(backend("gpu", "0"))).field());
        assertEquals("backend.options.replicas", assertThrows(ValidationException.class,
                () -> host.validate(backend("replicas", "3"))).field());
        assertEquals("backend.options.traffic", assertThrows(ValidationException.class,
                () -> host.validate(backend("traffic", "dns"))).field());
    }

    @Test
    void aDeploymentSomeoneElseOwnsIsNeverTakenOver() {
        k8s.createDeployment(NS, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"mine-api-churn-v1","namespace":"%s"},
                 "spec":{"replicas":7,"selector":{"matchLabels":{"app":"theirs"}},
                  "template":{"metadata":{"labels":{"app":"theirs"}},"spec":{"containers":[{"name":"c","image":"theirs:1"}]}}}}
                """.formatted(NS));
        assertThrows(org.aegisml.api.ConflictException.class, () -> host.deploy(placement("mine-api", 1, 1)));
        JsonNode d = k8s.deployment(NS, "mine-api-churn-v1");
        assertEquals(7, d.path("spec").path("replicas").asInt());
        assertEquals("theirs:1", d.path("spec").path("template").path("spec").path("containers").get(0).path("image")
                .asString());
    }

    @Test
    void gpuIsRequestedAndLimited() {
        host.deploy(placement("gpu-api", 1, 1, "gpu", "2"));
        JsonNode c = k8s.deployment(NS, "gpu-api-churn-v1").path("spec").path("template").path("spec").path("containers")
                .get(0);
        assertEquals("2", c.path("resources").path("limits").path("nvidia.com/gpu").asString());
    }

    static Backend backend(String option, String value) {
        return new Backend("kubernetes", null, null, null, Map.of("image", "i:1", option, value));
    }
}
