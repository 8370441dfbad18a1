package org.aegisml.provider.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code vertex-ai} model host against the Vertex AI fake: every assertion reads the fake's state back. */
class VertexModelHostTest {
    static final VersionRef V1 = new VersionRef(AssetType.MODEL, "churn", 1);
    static final VersionRef V2 = new VersionRef(AssetType.MODEL, "churn", 2);

    @BeforeAll
    static void runtime() throws IOException {
        Fixtures.runtime();
    }

    static ModelHost host() {
        return Fixtures.host();
    }

    static FakeVertex vertex() {
        return Fixtures.vertex();
    }

    static String endpoint() {
        return "churn-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Backend backend(Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("model", "4711"));
        o.putAll(extra);
        return new Backend("vertex-ai", null, null, null, o);
    }

    static String id(String endpoint, VersionRef v) {
        ObjectNode dm = FakeVertex.deployed(vertex().byName(endpoint), v.toString());
        assertNotNull(dm, v + " is not deployed in the fake");
        return dm.path("id").asText();
    }

    static Map<String, Integer> split(String endpoint) {
        Map<String, Integer> m = new LinkedHashMap<>();
        vertex().byName(endpoint).path("trafficSplit").properties().forEach(e -> {
            if (e.getValue().asInt() != 0) m.put(e.getKey(), e.getValue().asInt());
        });
        return m;
    }

    static String label(String endpoint, String key) {
        return vertex().byName(endpoint).path("labels").path(key).asText(null);
    }

    /** v1 with all traffic, v2 beside it with none. */
    static String deployTwo() {
        String ep = endpoint();
        host().deploy(new Placement(ep, V1, backend(Map.of()), 1, "fraud-team"));
        host().deploy(new Placement(ep, V2, backend(Map.of()), 1, "fraud-team"));
        return ep;
    }

    @Test
    void deployCreatesTheEndpointWithAllTrafficOnTheVersion() {
        String ep = endpoint();
        int creates = vertex().calls("endpoints.create");
        HostStatus s = host().deploy(new Placement(ep, V1, backend(Map.of()), 2, "Fraud.Team"));

        ObjectNode e = vertex().byName(ep);
        assertNotNull(e, "no endpoint in the fake");
        JsonNode dm = FakeVertex.deployed(e, "models/churn/1");
        assertEquals("projects/aegis-test/locations/us-central1/models/4711", dm.path("model").asText());
        assertEquals("n1-standard-4", dm.path("dedicatedResources").path("machineSpec").path("machineType").asText());
        assertEquals(2, dm.path("dedicatedResources").path("minReplicaCount").asInt());
        assertEquals(2, dm.path("dedicatedResources").path("maxReplicaCount").asInt());
        assertEquals(Map.of(dm.path("id").asText(), 100), split(ep));
        assertEquals("fraud_team", label(ep, "aegisml-project"));
        assertEquals("churn", label(ep, "aegisml-model"));
        assertEquals("1", label(ep, "aegisml-version"));
        assertEquals(ep, label(ep, "aegisml-endpoint"));

        assertEquals(ep, s.endpoint());
        assertTrue(s.ready());
        HostStatus.Variant v = s.variant(V1);
        assertEquals(100, v.weight());
        assertEquals(2, v.desiredReplicas());
        assertEquals(2, v.readyReplicas());
        assertTrue(v.healthy());
        assertEquals(dm.path("id").asText(), v.name());

        // Idempotent: the same deploy again creates and deploys nothing.
        int deploys = vertex().calls("endpoints.deployModel");
        HostStatus again = host().deploy(new Placement(ep, V1, backend(Map.of()), 2, "Fraud.Team"));
        assertEquals(deploys, vertex().calls("endpoints.deployModel"));
        assertEquals(creates + 1, vertex().calls("endpoints.create"));
        assertEquals(1, vertex().byName(ep).path("deployedModels").size());
        assertEquals(100, again.variant(V1).weight());
    }

    @Test
    void deployAddsASecondVersionWithoutTraffic() {
        String ep = endpoint();
        host().deploy(new Placement(ep, V1, backend(Map.of()), 1, "p"));
        HostStatus s = host().deploy(new Placement(ep, V2, backend(Map.of("machine_type", "g2-standard-8",
                "accelerator_type", "NVIDIA_L4", "accelerator_count", "1", "endpoint", ep)), 1, "p"));

        assertEquals(Map.of(id(ep, V1), 100), split(ep));
        JsonNode spec = FakeVertex.deployed(vertex().byName(ep), "models/churn/2").path("dedicatedResources").path("machineSpec");
        assertEquals("g2-standard-8", spec.path("machineType").asText());
        assertEquals("NVIDIA_L4", spec.path("acceleratorType").asText());
        assertEquals(1, spec.path("acceleratorCount").asInt());
        assertEquals(100, s.variant(V1).weight());
        assertEquals(0, s.variant(V2).weight());
        assertEquals("1", label(ep, "aegisml-version"));
    }

    @Test
    void shiftWeights() {
        String ep = deployTwo();
        HostStatus s = host().route(ep, Map.of(V1, 90, V2, 10));
        assertEquals(Map.of(id(ep, V1), 90, id(ep, V2), 10), split(ep));
        assertEquals(90, s.variant(V1).weight());
        assertEquals(10, s.variant(V2).weight());
        assertEquals("1", label(ep, "aegisml-version"));

        s = host().route(ep, Map.of(V1, 50, V2, 50));
        assertEquals(Map.of(id(ep, V1), 50, id(ep, V2), 50), split(ep));
        assertEquals(50, s.variant(V2).weight());
        assertEquals("2", label(ep, "aegisml-version"), "a tie books the endpoint on the newer version");

        int patches = vertex().calls("endpoints.PATCH");
        host().route(ep, Map.of(V1, 50, V2, 50));
        assertEquals(patches, vertex().calls("endpoints.PATCH"), "routing to the current weights changes nothing");
    }

    @Test
    void rollBack() {
        String ep = deployTwo();
        host().route(ep, Map.of(V1, 90, V2, 10));
        host().route(ep, Map.of(V1, 50, V2, 50));
        HostStatus s = host().route(ep, Map.of(V1, 100, V2, 0));
        assertEquals(Map.of(id(ep, V1), 100), split(ep));
        assertEquals(100, s.variant(V1).weight());
        assertEquals(0, s.variant(V2).weight());
        assertEquals(2, vertex().byName(ep).path("deployedModels").size(), "the loser stays deployed until undeployed");
        assertEquals("1", label(ep, "aegisml-version"));
    }

    @Test
    void scale() {
        String ep = deployTwo();
        int mutations = vertex().calls("endpoints.mutateDeployedModel");
        HostStatus s = host().scale(ep, V2, 3);
        JsonNode r = FakeVertex.deployed(vertex().byName(ep), "models/churn/2").path("dedicatedResources");
        assertEquals(3, r.path("minReplicaCount").asInt());
        assertEquals(3, r.path("maxReplicaCount").asInt());
        assertEquals("n1-standard-4", r.path("machineSpec").path("machineType").asText());
        assertEquals(3, s.variant(V2).desiredReplicas());
        assertEquals(1, s.variant(V1).desiredReplicas());
        assertEquals(mutations + 1, vertex().calls("endpoints.mutateDeployedModel"));

        host().scale(ep, V2, 3);
        assertEquals(mutations + 1, vertex().calls("endpoints.mutateDeployedModel"), "scaling to the current count changes nothing");
        assertThrows(NotFoundException.class, () -> host().scale(ep, new VersionRef(AssetType.MODEL, "churn", 9), 2));
        assertThrows(ValidationException.class, () -> host().scale(ep, V2, 0));
    }

    @Test
    void statusReportsWhatVertexReports() {
        String ep = deployTwo();
        host().scale(ep, V2, 2);
        synchronized (vertex()) {
            ObjectNode dm = FakeVertex.deployed(vertex().byName(ep), "models/churn/2");
            dm.putObject("status").put("availableReplicaCount", 1).put("message", "1 replica is starting");
            ObjectNode foreign = vertex().byName(ep).withArray("deployedModels").addObject();
            foreign.put("id", "99").put("displayName", "hand-made").put("model", "projects/p/locations/l/models/1");
            foreign.putObject("dedicatedResources").put("minReplicaCount", 1);
        }
        HostStatus s = host().status(ep);
        assertEquals("Active", s.state());
        assertTrue(s.ready());
        assertEquals(2, s.versions().size());
        HostStatus.Variant v2 = s.variant(V2);
        assertEquals(2, v2.desiredReplicas());
        assertEquals(1, v2.readyReplicas());
        assertEquals(false, v2.healthy());
        assertTrue(s.variant(V1).healthy());
        assertTrue(s.events().contains("models/churn/2: 1 replica is starting"), s.events().toString());
        assertTrue(s.events().stream().anyMatch(e -> e.contains("hand-made") && e.contains("not managed by AegisML")),
                s.events().toString());
        synchronized (vertex()) {
            vertex().byName(ep).withArray("deployedModels").remove(2);
            // proto3 JSON leaves a zero count out
            FakeVertex.deployed(vertex().byName(ep), "models/churn/2").putObject("status").put("message", "no replica is up");
        }
        HostStatus.Variant none = host().status(ep).variant(V2);
        assertEquals(0, none.readyReplicas());
        assertEquals(false, none.healthy());

        assertThrows(NotFoundException.class, () -> host().status("no-such-endpoint"));
        assertThrows(NotFoundException.class, () -> host().route("no-such-endpoint", Map.of(V1, 100)));
    }

    @Test
    void undeploy() {
        String ep = deployTwo();
        host().route(ep, Map.of(V1, 10, V2, 90));
        host().undeploy(ep, V1);
        assertNull(FakeVertex.deployed(vertex().byName(ep), "models/churn/1"));
        assertEquals(Map.of(id(ep, V2), 100), split(ep), "the share of the version removed goes to the one left");
        host().undeploy(ep, V1); // not there: nothing to do
        assertEquals(1, vertex().byName(ep).path("deployedModels").size());

        host().undeploy(ep, V2);
        assertNull(vertex().byName(ep), "removing the last version removes the endpoint");
        assertThrows(NotFoundException.class, () -> host().status(ep));
        host().undeploy(ep, V2);
    }

    @Test
    void validateRefusesBadOptions() {
        ModelHost h = host();
        assertEquals("vertex-ai", h.type());
        h.validate(backend(Map.of("machine_type", "n1-highmem-8", "endpoint", "churn-prod")));
        h.validate(backend(Map.of("model", "projects/aegis-test/locations/us-central1/models/4711@2")));
        assertField("backend.options.model", () -> h.validate(new Backend("vertex-ai", null, null, null, Map.of())));
        assertField("backend.options.model", () -> h.validate(backend(Map.of("model", "projects/x/models/1"))));
        assertField("backend.options.machine-type", () -> h.validate(backend(Map.of("machine-type", "n1-standard-4"))));
        assertField("backend.options.machine_type", () -> h.validate(backend(Map.of("machine_type", "N1 standard"))));
        assertField("backend.options.accelerator_count", () -> h.validate(backend(Map.of("accelerator_count", "2"))));
        assertField("backend.options.endpoint", () -> h.validate(backend(Map.of("endpoint", "a\"b"))));
    }

    @Test
    void routeRefusesWeightsVertexWouldRefuse() {
        String ep = deployTwo();
        assertField("weights", () -> host().route(ep, Map.of(V1, 80, V2, 10)));
        assertField("weights", () -> host().route(ep, Map.of(V1, 50, new VersionRef(AssetType.MODEL, "churn", 7), 50)));
        assertEquals(Map.of(id(ep, V1), 100), split(ep));
    }

    @Test
    void aFailedOperationBecomesAnException() {
        String ep = endpoint();
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> host().deploy(new Placement(ep, V1, backend(Map.of("model", "missing-model")), 1, "p")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        assertEquals(0, vertex().byName(ep).path("deployedModels").size());
        host().undeploy(ep, V1);
        assertNull(vertex().byName(ep), "an endpoint left empty is removed by the next undeploy");
    }

    static void assertField(String field, org.junit.jupiter.api.function.Executable call) {
        ValidationException e = assertThrows(ValidationException.class, call);
        assertEquals(field, e.field(), e.getMessage());
    }

    @AfterAll
    static void everyCallCarriedABearerToken() {
        Fixtures.assertAllAuthorized(vertex());
        assertTrue(vertex().calls("operations.get") > 0, "long-running operations were never polled");
    }
}
