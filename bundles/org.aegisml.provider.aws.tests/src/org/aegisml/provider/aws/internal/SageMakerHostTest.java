package org.aegisml.provider.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostTags;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * The framework's SageMaker host (configured through Configuration Admin for moto) against moto's
 * SageMaker; what it did is read back through an SDK client of the test's own.
 */
class SageMakerHostTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-exec";
    private static final VersionRef V1 = new VersionRef(AssetType.MODEL, "fraud", 1);
    private static final VersionRef V2 = new VersionRef(AssetType.MODEL, "fraud", 2);

    private MotoServer moto;
    private AwsSession session;
    private SageMakerClient sm;
    private ModelHost host;

    @BeforeEach
    void setUp() throws Exception {
        moto = MotoServer.get();
        moto.reset();
        session = moto.session();
        sm = session.sageMaker();
        host = MotoServer.service(ModelHost.class);
        assertEquals(SageMakerHost.TYPE, host.type());
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private static Backend backend(String... extra) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud:latest");
        o.put("execution_role", ROLE);
        o.put("model_data", "s3://models/fraud/model.tar.gz");
        for (int i = 0; i + 1 < extra.length; i += 2) o.put(extra[i], extra[i + 1]);
        return new Backend(SageMakerHost.TYPE, null, null, null, o);
    }

    private Map<String, String> tags(String arn) {
        return sm.listTags(r -> r.resourceArn(arn)).tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Map<VersionRef, Integer> weights(HostStatus s) {
        Map<VersionRef, Integer> m = new LinkedHashMap<>();
        for (HostStatus.Variant v : s.versions()) m.put(v.version(), v.weight());
        return m;
    }

    @Test
    void validateNamesWhatIsMissingOrMalformed() {
        host.validate(backend());
        host.validate(backend("instance_type", "ml.g4dn.xlarge", "endpoint", "fraud-prod"));
        Map<String, String> noImage = new LinkedHashMap<>(backend().options());
        noImage.remove("image");
        assertEquals("options.image", assertThrows(ValidationException.class,
                () -> host.validate(new Backend("sagemaker", null, null, null, noImage))).field());
        assertEquals("options.execution_role", assertThrows(ValidationException.class,
                () -> host.validate(backend("execution_role", "sagemaker-exec"))).field());
        assertEquals("options.model_data", assertThrows(ValidationException.class,
                () -> host.validate(backend("model_data", "/tmp/model.tar.gz"))).field());
        assertEquals("options.instance_type", assertThrows(ValidationException.class,
                () -> host.validate(backend("instance_type", "m5.large"))).field());
        assertEquals("options.endpoint", assertThrows(ValidationException.class,
                () -> host.validate(backend("endpoint", "fraud_prod"))).field());
    }

    @Test
    void deployCreatesModelConfigurationAndEndpointWithCostTags() {
        HostStatus s = host.deploy(new Placement("fraud-prod", V1, backend("instance_type", "ml.c5.xlarge"), 2, "risk"));

        assertEquals("InService", s.state());
        assertTrue(s.ready());
        assertEquals(1, s.versions().size());
        HostStatus.Variant v = s.variant(V1);
        assertEquals(100, v.weight());
        assertEquals(2, v.desiredReplicas());
        assertEquals(2, v.readyReplicas());
        assertTrue(v.healthy());
        assertEquals("fraud-v1", v.name());
        assertTrue(v.detail().contains("ml.c5.xlarge"), v.detail());

        DescribeModelResponse model = sm.describeModel(r -> r.modelName(Names.model("fraud-prod", V1)));
        assertEquals(ROLE, model.executionRoleArn());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud:latest", model.primaryContainer().image());
        assertEquals("s3://models/fraud/model.tar.gz", model.primaryContainer().modelDataUrl());
        assertEquals(Map.of(CostTags.PROJECT, "risk", CostTags.MODEL, "fraud", CostTags.VERSION, "1",
                CostTags.ENDPOINT, "fraud-prod"), tags(model.modelArn()));

        DescribeEndpointResponse ep = sm.describeEndpoint(r -> r.endpointName("fraud-prod"));
        Map<String, String> epTags = tags(ep.endpointArn());
        assertEquals("risk", epTags.get(CostTags.PROJECT));
        assertEquals("fraud", epTags.get(CostTags.MODEL));
        assertEquals("1", epTags.get(CostTags.VERSION));
        assertEquals("fraud-prod", epTags.get(CostTags.ENDPOINT));
        DescribeEndpointConfigResponse config = sm.describeEndpointConfig(r -> r.endpointConfigName(ep.endpointConfigName()));
        Map<String, String> configTags = tags(config.endpointConfigArn());
        assertEquals("risk", configTags.get(CostTags.PROJECT));
        assertEquals("models/fraud/1", configTags.get(SageMakerHost.VARIANT_TAG + "fraud-v1"));
        ProductionVariant pv = config.productionVariants().get(0);
        assertEquals("ml.c5.xlarge", pv.instanceTypeAsString());
        assertEquals(2, pv.initialInstanceCount());

        // Deploying the same version again changes nothing.
        host.deploy(new Placement("fraud-prod", V1, backend(), 2, "risk"));
        assertEquals(ep.endpointConfigName(),
                sm.describeEndpoint(r -> r.endpointName("fraud-prod")).endpointConfigName());
    }

    @Test
    void canaryStepsRollbackScaleAndUndeploy() {
        host.deploy(new Placement("fraud-prod", V1, backend(), 2, "risk"));
        String firstConfig = sm.describeEndpoint(r -> r.endpointName("fraud-prod")).endpointConfigName();

        // The candidate joins with no traffic, through a new configuration and UpdateEndpoint.
        HostStatus s = host.deploy(new Placement("fraud-prod", V2, backend("instance_type", "ml.g4dn.xlarge"), 1, "risk"));
        assertEquals(Map.of(V1, 100, V2, 0), weights(s));
        assertEquals(2, s.variant(V1).desiredReplicas());
        assertEquals(1, s.variant(V2).desiredReplicas());
        DescribeEndpointResponse ep = sm.describeEndpoint(r -> r.endpointName("fraud-prod"));
        assertNotEquals(firstConfig, ep.endpointConfigName());
        Map<String, String> configTags = tags(
                sm.describeEndpointConfig(r -> r.endpointConfigName(ep.endpointConfigName())).endpointConfigArn());
        assertEquals(firstConfig, configTags.get(SageMakerHost.REPLACES_TAG));
        assertEquals("models/fraud/2", configTags.get(SageMakerHost.VARIANT_TAG + "fraud-v2"));
        assertNull(tags(ep.endpointArn()).get(CostTags.VERSION), "two versions: the endpoint's spend is no one version's");
        assertEquals("2", tags(sm.describeModel(r -> r.modelName(Names.model("fraud-prod", V2))).modelArn())
                .get(CostTags.VERSION));

        // Canary steps, with the instance counts kept.
        s = host.route("fraud-prod", Map.of(V1, 90, V2, 10));
        assertEquals(Map.of(V1, 90, V2, 10), weights(s));
        assertEquals(2, s.variant(V1).desiredReplicas());
        assertEquals(1, s.variant(V2).desiredReplicas());
        s = host.route("fraud-prod", Map.of(V1, 50, V2, 50));
        assertEquals(Map.of(V1, 50, V2, 50), weights(s));

        // Scale one version: the other keeps its count, both keep their weights.
        s = host.scale("fraud-prod", V2, 3);
        assertEquals(3, s.variant(V2).desiredReplicas());
        assertEquals(3, s.variant(V2).readyReplicas());
        assertEquals(2, s.variant(V1).desiredReplicas());
        assertEquals(Map.of(V1, 50, V2, 50), weights(s));

        // Rollback: all traffic back on v1 (versions not named get none).
        s = host.route("fraud-prod", Map.of(V1, 100));
        assertEquals(Map.of(V1, 100, V2, 0), weights(s));
        assertEquals(3, s.variant(V2).desiredReplicas());
        assertEquals(weights(s), weights(host.route("fraud-prod", Map.of(V1, 100, V2, 0))), "repeating is harmless");

        // The loser goes: v1 alone again, with its weight and count, and the endpoint tagged with it.
        String twoVersionConfig = ep.endpointConfigName();
        host.undeploy("fraud-prod", V2);
        s = host.status("fraud-prod");
        assertEquals(Map.of(V1, 100), weights(s));
        assertEquals(2, s.variant(V1).desiredReplicas());
        DescribeEndpointResponse after = sm.describeEndpoint(r -> r.endpointName("fraud-prod"));
        assertEquals("1", tags(after.endpointArn()).get(CostTags.VERSION));
        assertThrows(SdkException.class, () -> sm.describeModel(r -> r.modelName(Names.model("fraud-prod", V2))));
        // The first configuration was replaced and the endpoint is InService: it was cleaned up.
        assertThrows(SdkException.class, () -> sm.describeEndpointConfig(r -> r.endpointConfigName(firstConfig)));
        host.undeploy("fraud-prod", V2);

        // The last version goes: the endpoint, its configurations and the model go too.
        host.undeploy("fraud-prod", V1);
        assertThrows(NotFoundException.class, () -> host.status("fraud-prod"));
        assertThrows(SdkException.class, () -> sm.describeEndpointConfig(r -> r.endpointConfigName(twoVersionConfig)));
        assertThrows(SdkException.class, () -> sm.describeEndpointConfig(r -> r.endpointConfigName(after.endpointConfigName())));
        assertThrows(SdkException.class, () -> sm.describeModel(r -> r.modelName(Names.model("fraud-prod", V1))));
        host.undeploy("fraud-prod", V1);
    }

    @Test
    void undeployingTheVersionWithAllTrafficSharesItAmongTheRest() {
        host.deploy(new Placement("fraud-prod", V1, backend(), 1, null));
        host.deploy(new Placement("fraud-prod", V2, backend(), 1, null));
        host.undeploy("fraud-prod", V1);
        HostStatus s = host.status("fraud-prod");
        assertEquals(Map.of(V2, 100), weights(s));
        assertTrue(s.variant(V2).healthy());
    }

    @Test
    void routeAndScaleRefuseWhatIsNotThere() {
        host.deploy(new Placement("fraud-prod", V1, backend(), 1, "risk"));
        assertThrows(ValidationException.class, () -> host.route("fraud-prod", Map.of(V1, 90)));
        assertThrows(ValidationException.class, () -> host.route("fraud-prod", Map.of(V1, 110, V2, -10)));
        assertThrows(ValidationException.class, () -> host.route("fraud-prod", Map.of(V1, 90, V2, 10)));
        assertThrows(ValidationException.class, () -> host.scale("fraud-prod", V2, 2));
        assertThrows(ValidationException.class, () -> host.scale("fraud-prod", V1, 0));
        assertThrows(NotFoundException.class, () -> host.route("nowhere", Map.of(V1, 100)));
        assertThrows(NotFoundException.class, () -> host.scale("nowhere", V1, 1));
        assertThrows(NotFoundException.class, () -> host.status("nowhere"));
        host.undeploy("nowhere", V1);
    }

    @Test
    void namesSageMakerRefusesAreMadeValidAndStayDistinct() {
        VersionRef odd = new VersionRef(AssetType.MODEL, "credit_score.v2", 12);
        String endpoint = "Credit Scoring / production deployment with a rather long name";
        HostStatus s = host.deploy(new Placement(endpoint, odd, backend(), 1, "risk"));
        assertEquals(endpoint, s.endpoint());
        assertEquals(odd, s.versions().get(0).version());
        assertTrue(Names.VALID.matcher(s.versions().get(0).name()).matches());
        String ep = Names.endpoint(endpoint);
        assertTrue(Names.VALID.matcher(ep).matches() && ep.length() <= 63, ep);
        assertEquals("risk", tags(sm.describeEndpoint(r -> r.endpointName(ep)).endpointArn()).get(CostTags.PROJECT));
        assertEquals(endpoint, tags(sm.describeEndpoint(r -> r.endpointName(ep)).endpointArn()).get(CostTags.ENDPOINT));
        assertEquals(Map.of(odd, 100), weights(host.route(endpoint, Map.of(odd, 100))));
        host.undeploy(endpoint, odd);
        assertThrows(NotFoundException.class, () -> host.status(endpoint));

        for (String n : List.of("a", "fraud-prod", "x".repeat(63))) assertEquals(n, Names.endpoint(n));
        for (String n : List.of("a_b", "a.b", "-a", "x".repeat(64), "é")) {
            String fitted = Names.endpoint(n);
            assertTrue(Names.VALID.matcher(fitted).matches() && fitted.length() <= 63, fitted);
        }
        assertNotEquals(Names.endpoint("a_b"), Names.endpoint("a.b"));
        assertNotEquals(Names.endpoint("x".repeat(64)), Names.endpoint("x".repeat(65)));
        assertTrue(Names.endpointConfig("x".repeat(63), 1L << 45).length() <= 63);
    }

    @Test
    void percentagesAddUpTo100() {
        assertEquals(List.of(90, 10), box(SageMakerEndpoint.percentages(List.of(0.9f, 0.1f))));
        assertEquals(List.of(34, 33, 33), box(SageMakerEndpoint.percentages(List.of(1f, 1f, 1f))));
        assertEquals(List.of(100, 0), box(SageMakerEndpoint.percentages(List.of(1f, 0f))));
        assertEquals(List.of(0, 0), box(SageMakerEndpoint.percentages(List.of(0f, 0f))));
        assertFalse(box(SageMakerEndpoint.percentages(List.of(2f, 1f))).stream().mapToInt(i -> i).sum() != 100);
    }

    private static List<Integer> box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
