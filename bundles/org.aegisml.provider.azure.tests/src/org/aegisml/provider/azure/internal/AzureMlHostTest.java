package org.aegisml.provider.azure.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostTags;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The azure-ml model host as Declarative Services publishes it, against the fake ARM: what it
 * leaves in the fake's state after each call, and what it reads back.
 */
class AzureMlHostTest {
    static final VersionRef V1 = new VersionRef(AssetType.MODEL, "churn", 1);
    static final VersionRef V2 = new VersionRef(AssetType.MODEL, "churn", 2);
    static FakeAzure azure;
    static ModelHost host;

    @BeforeAll
    static void start() throws Exception {
        azure = FakeAzure.start();
        host = TestRuntime.service(ModelHost.class, azure.filter());
    }

    @AfterAll
    static void stop() throws Exception {
        azure.close();
    }

    @AfterEach
    void everyCallWasAuthorizedAndVersioned() {
        assertEquals(List.of(), azure.arm.violations());
        assertTrue(azure.arm.tokensIssued() >= 1, "the token came from the fake Entra ID through DefaultAzureCredential");
    }

    static Backend backend(String model, Map<String, String> more) {
        Map<String, String> o = new LinkedHashMap<>(more);
        o.put("model", model);
        return new Backend("azure-ml", null, Duration.ofSeconds(30), 0, o);
    }

    static Placement placement(String endpoint, VersionRef v, int replicas) {
        return new Placement(endpoint, v, backend("azureml:" + v.name() + ":" + v.version(), Map.of()), replicas, "retention");
    }

    @Test
    void deployCreatesTheEndpointWithAllTrafficOnTheFirstVersion() {
        HostStatus s = host.deploy(placement("churn-a", V1, 2));
        JsonNode ep = azure.arm.endpoint("churn-a");
        assertNotNull(ep);
        assertEquals("westeurope", ep.path("location").asText(), "the workspace's location");
        assertEquals("Succeeded", ep.path("properties").path("provisioningState").asText());
        assertEquals("retention", ep.path("tags").path(CostTags.PROJECT).asText());
        assertEquals("churn-a", ep.path("tags").path(CostTags.ENDPOINT).asText());
        assertEquals(Map.of("churn-v1", 100), azure.arm.traffic("churn-a"));
        JsonNode d = azure.arm.deployment("churn-a", "churn-v1");
        assertEquals("Managed", d.path("properties").path("endpointComputeType").asText());
        assertEquals("azureml:churn:1", d.path("properties").path("model").asText());
        assertEquals("Standard_DS3_v2", d.path("properties").path("instanceType").asText());
        assertEquals(2, d.path("sku").path("capacity").asInt());
        assertEquals("retention", d.path("tags").path(CostTags.PROJECT).asText());
        assertEquals("churn", d.path("tags").path(CostTags.MODEL).asText());
        assertEquals("1", d.path("tags").path(CostTags.VERSION).asText());
        assertEquals("churn-a", d.path("tags").path(CostTags.ENDPOINT).asText());

        assertEquals("Succeeded", s.state());
        assertTrue(s.ready());
        HostStatus.Variant v = s.variant(V1);
        assertEquals("churn-v1", v.name());
        assertEquals(100, v.weight());
        assertEquals(2, v.desiredReplicas());
        assertEquals(2, v.readyReplicas());
        assertTrue(v.healthy());

        long puts = azure.arm.calls().stream().filter(c -> c.method().equals("PUT")).count();
        HostStatus again = host.deploy(placement("churn-a", V1, 2));
        assertEquals(puts, azure.arm.calls().stream().filter(c -> c.method().equals("PUT")).count(), "nothing to change");
        assertEquals(100, again.variant(V1).weight());
    }

    @Test
    void aSecondVersionComesWithoutTrafficThenWeightsShiftAndRollBack() {
        host.deploy(placement("churn-b", V1, 1));
        HostStatus s = host.deploy(new Placement("churn-b", V2, backend("azureml:churn:2",
                Map.of("instance_type", "Standard_F4s_v2", "environment", "azureml:sklearn-env:4")), 1, "retention"));
        assertEquals(Map.of("churn-v1", 100), azure.arm.traffic("churn-b"));
        assertEquals(0, s.variant(V2).weight());
        JsonNode d2 = azure.arm.deployment("churn-b", "churn-v2");
        assertEquals("Standard_F4s_v2", d2.path("properties").path("instanceType").asText());
        assertEquals("azureml:sklearn-env:4", d2.path("properties").path("environmentId").asText());

        s = host.route("churn-b", Map.of(V1, 90, V2, 10));
        assertEquals(Map.of("churn-v1", 90, "churn-v2", 10), azure.arm.traffic("churn-b"));
        assertEquals(90, s.variant(V1).weight());
        assertEquals(10, s.variant(V2).weight());

        host.route("churn-b", Map.of(V1, 50, V2, 50));
        assertEquals(Map.of("churn-v1", 50, "churn-v2", 50), azure.arm.traffic("churn-b"));

        s = host.route("churn-b", Map.of(V1, 100));
        assertEquals(Map.of("churn-v1", 100, "churn-v2", 0), azure.arm.traffic("churn-b"), "rolled back");
        assertEquals(0, s.variant(V2).weight());

        long puts = azure.arm.count("PUT", "/onlineEndpoints/churn-b");
        host.route("churn-b", Map.of(V1, 100, V2, 0));
        assertEquals(puts, azure.arm.count("PUT", "/onlineEndpoints/churn-b"), "same weights: no update");
        assertEquals(0, azure.arm.count("PATCH", "/onlineEndpoints/churn-b"), "traffic is not PATCHable");
    }

    @Test
    void routeRefusesWeightsThatDoNotAddUpOrVersionsNotDeployed() {
        host.deploy(placement("churn-c", V1, 1));
        ValidationException sum = assertThrows(ValidationException.class, () -> host.route("churn-c", Map.of(V1, 90)));
        assertTrue(sum.getMessage().contains("100"), sum.getMessage());
        ValidationException missing = assertThrows(ValidationException.class,
                () -> host.route("churn-c", Map.of(V1, 50, V2, 50)));
        assertTrue(missing.getMessage().contains("models/churn/2"), missing.getMessage());
        assertThrows(NotFoundException.class, () -> host.route("no-such-endpoint", Map.of(V1, 100)));
        assertEquals(Map.of("churn-v1", 100), azure.arm.traffic("churn-c"));
    }

    @Test
    void scaleSetsTheDeploymentCapacity() {
        host.deploy(placement("churn-d", V1, 1));
        HostStatus s = host.scale("churn-d", V1, 3);
        assertEquals(3, azure.arm.deployment("churn-d", "churn-v1").path("sku").path("capacity").asInt());
        assertEquals(3, s.variant(V1).desiredReplicas());
        assertEquals(1, azure.arm.count("PATCH", "/deployments/churn-v1"));
        host.scale("churn-d", V1, 3);
        assertEquals(1, azure.arm.count("PATCH", "/deployments/churn-v1"), "already at 3");
        assertThrows(ValidationException.class, () -> host.scale("churn-d", V1, 0));
        assertThrows(NotFoundException.class, () -> host.scale("churn-d", V2, 2));
    }

    @Test
    void statusReportsAFailedDeploymentAsAnEvent() {
        host.deploy(placement("churn-e", V1, 1));
        VersionRef broken = new VersionRef(AssetType.MODEL, "churn", 7);
        ValidationException e = assertThrows(ValidationException.class, () -> host.deploy(new Placement("churn-e", broken,
                backend("azureml:broken:7", Map.of()), 1, "retention")));
        assertTrue(e.getMessage().contains("ModelNotFound"), e.getMessage());
        HostStatus s = host.status("churn-e");
        HostStatus.Variant v = s.variant(broken);
        assertFalse(v.healthy());
        assertEquals(0, v.readyReplicas());
        assertTrue(v.detail().startsWith("Failed"), v.detail());
        assertTrue(s.events().contains("deployment churn-v7: provisioning Failed"), s.events().toString());
        assertTrue(s.ready(), "v1 still serves");
        assertThrows(NotFoundException.class, () -> host.status("no-such-endpoint"));
    }

    @Test
    void undeployRemovesTheVersionAndWithTheLastOneTheEndpoint() {
        host.deploy(placement("churn-f", V1, 1));
        host.deploy(placement("churn-f", V2, 1));
        host.route("churn-f", Map.of(V1, 20, V2, 80));
        ConflictException busy = assertThrows(ConflictException.class, () -> host.undeploy("churn-f", V1));
        assertTrue(busy.getMessage().contains("20"), busy.getMessage());
        assertEquals(Set.of("churn-v1", "churn-v2"), azure.arm.deploymentNames("churn-f"));

        host.route("churn-f", Map.of(V2, 100));
        host.undeploy("churn-f", V1);
        assertEquals(Set.of("churn-v2"), azure.arm.deploymentNames("churn-f"));
        assertNull(host.status("churn-f").variant(V1));
        host.undeploy("churn-f", V1);

        host.undeploy("churn-f", V2);
        assertNull(azure.arm.endpoint("churn-f"), "the last version took the endpoint with it");
        host.undeploy("churn-f", V2);
        assertThrows(NotFoundException.class, () -> host.status("churn-f"));
    }

    @Test
    void validateNamesTheBadOption() {
        ValidationException noModel = assertThrows(ValidationException.class,
                () -> host.validate(new Backend("azure-ml", null, null, null, Map.of())));
        assertEquals("backend.options.model", noModel.field());
        ValidationException unknown = assertThrows(ValidationException.class,
                () -> host.validate(backend("azureml:churn:1", Map.of("image", "x"))));
        assertEquals("backend.options.image", unknown.field());
        ValidationException model = assertThrows(ValidationException.class,
                () -> host.validate(backend("s3://bucket/model.tar.gz", Map.of())));
        assertEquals("backend.options.model", model.field());
        ValidationException ep = assertThrows(ValidationException.class,
                () -> host.validate(backend("azureml:churn:1", Map.of("endpoint", "9-bad_name"))));
        assertEquals("backend.options.endpoint", ep.field());
        host.validate(backend("/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/models/churn/versions/1",
                Map.of("endpoint", "churn-prod", "instance_type", "Standard_NC6s_v3")));
    }

    @Test
    void healthIsOkWithCredentialsAndAReachableWorkspace() {
        Provider p = TestRuntime.service(Provider.class, azure.filter());
        ProviderHealth h = p.health();
        assertEquals(ProviderHealth.Status.OK, h.status(), h.detail());
        assertTrue(h.detail().contains(azure.workspace), h.detail());
        assertFalse(h.detail().contains(FakeArm.CLIENT_SECRET));
    }
}
