package org.aegisml.provider.aws.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostTags;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.registry.VersionRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Hosts versions on Amazon SageMaker real-time endpoints. Each version on an endpoint is a
 * SageMaker Model ({@link Names#model}) served by one production variant ({@link Names#variant});
 * each change of the set of versions is a new endpoint configuration (SageMaker configurations are
 * immutable) switched to with {@code UpdateEndpoint}; weights and instance counts change in place
 * with {@code UpdateEndpointWeightsAndCapacities}. The model, every configuration and the endpoint
 * carry the {@link CostTags}; the endpoint's {@code aegisml:version} tag is kept while it serves a
 * single version (during a canary its spend belongs to no one version). Which version a variant
 * serves is recorded in its configuration's tags ({@code aegisml:variant:<variant>}).
 * <p>
 * Backend options: {@code image} (inference container image URI, required),
 * {@code execution_role} (IAM role ARN SageMaker assumes, required), {@code model_data} (an
 * {@code s3://} URI of the model archive, optional), {@code instance_type} (default
 * {@value #DEFAULT_INSTANCE_TYPE}) and {@value ModelHost#ENDPOINT_OPTION}.
 */
@Component(service = ModelHost.class, property = Provider.PROPERTY + "=" + AwsProvider.NAME)
public final class SageMakerHost implements ModelHost {
    public static final String TYPE = "sagemaker";
    static final String DEFAULT_INSTANCE_TYPE = "ml.m5.large";
    static final String VARIANT_TAG = "aegisml:variant:";
    static final String REPLACES_TAG = "aegisml:replaces";
    private static final Logger LOG = LoggerFactory.getLogger(SageMakerHost.class);
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9-]+\\.[a-z0-9]+");
    /** States in which SageMaker refuses a change until the running one is done. */
    private static final Set<String> BUSY = Set.of("Creating", "Updating", "SystemUpdating", "RollingBack",
            "Deleting");

    private final Supplier<SageMakerClient> client;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong lastStamp = new AtomicLong();

    @Activate
    public SageMakerHost(@Reference AwsSession session) {
        this(session::sageMaker);
    }

    SageMakerHost(Supplier<SageMakerClient> client) {
        this.client = client;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Backend backend) {
        Map<String, String> o = backend.options();
        String image = o.get("image");
        if (image == null || image.isBlank()) {
            throw new ValidationException("options.image", "a SageMaker backend needs 'image', the inference container image URI");
        }
        String role = o.get("execution_role");
        if (role == null || role.isBlank()) {
            throw new ValidationException("options.execution_role",
                    "a SageMaker backend needs 'execution_role', the ARN of the IAM role SageMaker assumes");
        }
        if (!ROLE.matcher(role.strip()).matches()) {
            throw new ValidationException("options.execution_role", "not an IAM role ARN: " + role);
        }
        String data = o.get("model_data");
        if (data != null && !data.isBlank() && !data.strip().startsWith("s3://")) {
            throw new ValidationException("options.model_data", "model_data must be an s3:// URI: " + data);
        }
        String type = o.get("instance_type");
        if (type != null && !type.isBlank() && !INSTANCE_TYPE.matcher(type.strip()).matches()) {
            throw new ValidationException("options.instance_type", "not a SageMaker instance type (ml.<family>.<size>): " + type);
        }
        String endpoint = o.get(ENDPOINT_OPTION);
        if (endpoint != null && !endpoint.isBlank()
                && !(Names.VALID.matcher(endpoint).matches() && endpoint.length() <= Names.MAX)) {
            throw new ValidationException("options." + ENDPOINT_OPTION,
                    "a SageMaker endpoint name has 1 to 63 letters, digits and hyphens, and starts and ends with a letter or digit: "
                            + endpoint);
        }
    }

    @Override
    public HostStatus deploy(Placement p) {
        validate(p.backend());
        String ep = Names.endpoint(p.endpoint());
        String variant = Names.variant(p.version());
        synchronized (lock(ep)) {
            try {
                Optional<DescribeEndpointResponse> found = describe(ep);
                if (found.isEmpty()) {
                    create(ep, p);
                    return status(p.endpoint());
                }
                SageMakerEndpoint cur = current(found.get());
                if (cur.hasVariant(variant)) return cur.status(p.endpoint());
                requireIdle(cur);
                deletePrevious(cur);
                String model = ensureModel(p);
                List<ProductionVariant> variants = carriedOver(cur, null);
                variants.add(newVariant(p, variant, model, 0f));
                Map<String, String> tags = costTags(p.project(), p.version().name(), p.endpoint(), null);
                switchConfig(ep, cur, variants, tags, withVersion(cur.versions(), variant, p.version()));
                return status(p.endpoint());
            } catch (SdkException e) {
                throw AwsErrors.map("SageMaker deploy of " + p.version() + " on endpoint " + ep, e);
            }
        }
    }

    @Override
    public HostStatus route(String endpoint, Map<VersionRef, Integer> weights) {
        int sum = 0;
        for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
            if (w.getValue() == null || w.getValue() < 0) {
                throw new ValidationException("weights", "the weight of " + w.getKey() + " must be 0 to 100");
            }
            sum += w.getValue();
        }
        if (sum != 100) throw new ValidationException("weights", "the weights must add up to 100, not " + sum);
        String ep = Names.endpoint(endpoint);
        synchronized (lock(ep)) {
            try {
                SageMakerEndpoint cur = current(require(ep, endpoint));
                Map<String, Integer> byVariant = new HashMap<>();
                for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
                    String v = cur.variantOf(w.getKey());
                    if (v == null || cur.summary(v) == null) {
                        throw new ValidationException("weights", w.getKey() + " is not deployed on endpoint " + endpoint);
                    }
                    byVariant.put(v, w.getValue());
                }
                List<ProductionVariantSummary> summaries = cur.endpoint().productionVariants();
                int[] now = SageMakerEndpoint.percentages(
                        summaries.stream().map(SageMakerEndpoint::desiredWeight).toList());
                boolean same = true;
                for (int i = 0; i < summaries.size(); i++) {
                    same &= now[i] == byVariant.getOrDefault(summaries.get(i).variantName(), 0);
                }
                if (same) return cur.status(endpoint);
                requireIdle(cur);
                List<DesiredWeightAndCapacity> desired = new ArrayList<>();
                for (ProductionVariantSummary s : summaries) {
                    // Always send the instance count: without it SageMaker keeps the count, but
                    // emulators (moto) clear it.
                    desired.add(DesiredWeightAndCapacity.builder().variantName(s.variantName())
                            .desiredWeight((float) byVariant.getOrDefault(s.variantName(), 0))
                            .desiredInstanceCount(SageMakerEndpoint.desiredCount(s)).build());
                }
                client.get().updateEndpointWeightsAndCapacities(
                        r -> r.endpointName(ep).desiredWeightsAndCapacities(desired));
                return status(endpoint);
            } catch (SdkException e) {
                throw AwsErrors.map("SageMaker weights of endpoint " + ep, e);
            }
        }
    }

    @Override
    public HostStatus scale(String endpoint, VersionRef version, int replicas) {
        if (replicas < 1) throw new ValidationException("replicas", "a SageMaker variant needs at least 1 instance");
        String ep = Names.endpoint(endpoint);
        synchronized (lock(ep)) {
            try {
                SageMakerEndpoint cur = current(require(ep, endpoint));
                String v = cur.variantOf(version);
                ProductionVariantSummary s = v == null ? null : cur.summary(v);
                if (s == null) throw new ValidationException("version", version + " is not deployed on endpoint " + endpoint);
                if (SageMakerEndpoint.desiredCount(s) == replicas) return cur.status(endpoint);
                requireIdle(cur);
                client.get().updateEndpointWeightsAndCapacities(r -> r.endpointName(ep)
                        .desiredWeightsAndCapacities(DesiredWeightAndCapacity.builder().variantName(v)
                                .desiredWeight(SageMakerEndpoint.desiredWeight(s)).desiredInstanceCount(replicas).build()));
                return status(endpoint);
            } catch (SdkException e) {
                throw AwsErrors.map("SageMaker scaling of endpoint " + ep, e);
            }
        }
    }

    @Override
    public HostStatus status(String endpoint) {
        String ep = Names.endpoint(endpoint);
        try {
            return current(require(ep, endpoint)).status(endpoint);
        } catch (SdkException e) {
            throw AwsErrors.map("SageMaker status of endpoint " + ep, e);
        }
    }

    @Override
    public void undeploy(String endpoint, VersionRef version) {
        String ep = Names.endpoint(endpoint);
        String model = Names.model(endpoint, version);
        synchronized (lock(ep)) {
            try {
                Optional<DescribeEndpointResponse> found = describe(ep);
                if (found.isEmpty()) {
                    // A repeated call after the endpoint went: only the model may be left.
                    deleteQuietly(() -> client.get().deleteModel(r -> r.modelName(model)));
                    return;
                }
                SageMakerEndpoint cur = current(found.get());
                String variant = cur.variantOf(version);
                if (variant == null || !cur.hasVariant(variant)) return;
                requireIdle(cur);
                List<ProductionVariant> remaining = carriedOver(cur, variant);
                if (remaining.isEmpty()) {
                    client.get().deleteEndpoint(r -> r.endpointName(ep));
                    deleteQuietly(() -> client.get().deleteEndpointConfig(r -> r.endpointConfigName(cur.configName())));
                    String previous = cur.tags().get(REPLACES_TAG);
                    if (previous != null) {
                        deleteQuietly(() -> client.get().deleteEndpointConfig(r -> r.endpointConfigName(previous)));
                    }
                    for (ProductionVariant pv : cur.config().productionVariants()) {
                        deleteQuietly(() -> client.get().deleteModel(r -> r.modelName(pv.modelName())));
                    }
                    return;
                }
                deletePrevious(cur);
                if (remaining.stream().allMatch(pv -> pv.initialVariantWeight() == null || pv.initialVariantWeight() <= 0f)) {
                    // The version that had all the traffic goes: share it evenly rather than leave
                    // an endpoint that SageMaker cannot route.
                    remaining.replaceAll(pv -> pv.toBuilder().initialVariantWeight(1f).build());
                }
                Map<String, String> tags = new LinkedHashMap<>();
                for (String k : List.of(CostTags.PROJECT, CostTags.MODEL, CostTags.ENDPOINT)) {
                    if (cur.tags().containsKey(k)) tags.put(k, cur.tags().get(k));
                }
                Map<String, VersionRef> versions = new LinkedHashMap<>(cur.versions());
                versions.remove(variant);
                switchConfig(ep, cur, remaining, tags, versions);
                String removedModel = cur.config().productionVariants().stream()
                        .filter(pv -> pv.variantName().equals(variant)).map(ProductionVariant::modelName).findFirst()
                        .orElse(model);
                // The endpoint keeps its own copy of a model it runs; the Model entry is only a definition.
                deleteQuietly(() -> client.get().deleteModel(r -> r.modelName(removedModel)));
            } catch (SdkException e) {
                throw AwsErrors.map("SageMaker undeploy of " + version + " from endpoint " + ep, e);
            }
        }
    }

    // ---- creating and switching

    private void create(String ep, Placement p) {
        String model = ensureModel(p);
        String variant = Names.variant(p.version());
        String config = Names.endpointConfig(ep, stamp());
        Map<String, String> tags = costTags(p.project(), p.version().name(), p.endpoint(), p.version());
        Map<String, String> configTags = new LinkedHashMap<>(tags);
        configTags.put(VARIANT_TAG + variant, p.version().toString());
        client.get().createEndpointConfig(r -> r.endpointConfigName(config)
                .productionVariants(newVariant(p, variant, model, 1f)).tags(tags(configTags)));
        try {
            client.get().createEndpoint(r -> r.endpointName(ep).endpointConfigName(config).tags(tags(tags)));
        } catch (SdkException e) {
            // Created meanwhile (a repeated call): the configuration made here is not needed.
            if (describe(ep).isEmpty()) throw e;
            deleteQuietly(() -> client.get().deleteEndpointConfig(r -> r.endpointConfigName(config)));
        }
    }

    private void switchConfig(String ep, SageMakerEndpoint cur, List<ProductionVariant> variants,
            Map<String, String> costTags, Map<String, VersionRef> versions) {
        String config = Names.endpointConfig(ep, stamp());
        Map<String, String> tags = new LinkedHashMap<>(costTags);
        for (Map.Entry<String, VersionRef> v : versions.entrySet()) tags.put(VARIANT_TAG + v.getKey(), v.getValue().toString());
        tags.put(REPLACES_TAG, cur.configName());
        client.get().createEndpointConfig(r -> r.endpointConfigName(config).productionVariants(variants).tags(tags(tags)));
        try {
            client.get().updateEndpoint(r -> r.endpointName(ep).endpointConfigName(config));
        } catch (SdkException e) {
            deleteQuietly(() -> client.get().deleteEndpointConfig(r -> r.endpointConfigName(config)));
            throw e;
        }
        syncVersionTag(cur.endpoint().endpointArn(), versions);
    }

    /**
     * Keeps the endpoint's {@code aegisml:version} tag true: the one version while it serves a
     * single one, none while it serves several (its spend is then the endpoint's and the model's).
     */
    private void syncVersionTag(String arn, Map<String, VersionRef> versions) {
        try {
            client.get().deleteTags(r -> r.resourceArn(arn).tagKeys(CostTags.VERSION));
            if (versions.size() == 1) {
                VersionRef v = versions.values().iterator().next();
                client.get().addTags(r -> r.resourceArn(arn)
                        .tags(Tag.builder().key(CostTags.VERSION).value(Integer.toString(v.version())).build()));
            }
        } catch (SdkException e) {
            LOG.warn("could not update the {} tag of {}: {}", CostTags.VERSION, arn, AwsErrors.message(e));
        }
    }

    /** The version's SageMaker Model, created unless it exists. */
    private String ensureModel(Placement p) {
        String name = Names.model(p.endpoint(), p.version());
        try {
            client.get().describeModel(r -> r.modelName(name));
            return name;
        } catch (SdkException e) {
            if (!AwsErrors.notFound(e)) throw e;
        }
        Map<String, String> o = p.backend().options();
        ContainerDefinition.Builder container = ContainerDefinition.builder().image(o.get("image").strip());
        String data = o.get("model_data");
        if (data != null && !data.isBlank()) container.modelDataUrl(data.strip());
        Map<String, String> tags = costTags(p.project(), p.version().name(), p.endpoint(), p.version());
        try {
            client.get().createModel(r -> r.modelName(name).executionRoleArn(o.get("execution_role").strip())
                    .primaryContainer(container.build()).tags(tags(tags)));
        } catch (SdkException e) {
            String m = AwsErrors.message(e);
            if (m == null || !m.contains("already exist")) throw e;
        }
        return name;
    }

    private static ProductionVariant newVariant(Placement p, String variant, String model, float weight) {
        String type = p.backend().options().get("instance_type");
        return ProductionVariant.builder().variantName(variant).modelName(model)
                .instanceType(type == null || type.isBlank() ? DEFAULT_INSTANCE_TYPE : type.strip())
                .initialInstanceCount(p.replicas()).initialVariantWeight(weight).build();
    }

    /** The current configuration's variants with the endpoint's present weights and counts, less {@code without}. */
    private static List<ProductionVariant> carriedOver(SageMakerEndpoint cur, String without) {
        List<ProductionVariant> out = new ArrayList<>();
        for (ProductionVariant pv : cur.config().productionVariants()) {
            if (pv.variantName().equals(without)) continue;
            ProductionVariantSummary s = cur.summary(pv.variantName());
            ProductionVariant.Builder b = pv.toBuilder();
            if (s != null) {
                b.initialVariantWeight(SageMakerEndpoint.desiredWeight(s))
                        .initialInstanceCount(SageMakerEndpoint.desiredCount(s));
            }
            out.add(b.build());
        }
        return out;
    }

    private static Map<String, VersionRef> withVersion(Map<String, VersionRef> versions, String variant, VersionRef v) {
        Map<String, VersionRef> m = new LinkedHashMap<>(versions);
        m.put(variant, v);
        return m;
    }

    private static Map<String, String> costTags(String project, String model, String endpoint, VersionRef version) {
        Map<String, String> t = new LinkedHashMap<>();
        if (project != null && !project.isBlank()) t.put(CostTags.PROJECT, project);
        t.put(CostTags.MODEL, model);
        if (version != null) t.put(CostTags.VERSION, Integer.toString(version.version()));
        t.put(CostTags.ENDPOINT, endpoint);
        return t;
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** After an update is done, the configuration it replaced is no longer needed. */
    private void deletePrevious(SageMakerEndpoint cur) {
        String previous = cur.tags().get(REPLACES_TAG);
        if (previous != null && "InService".equals(cur.endpoint().endpointStatusAsString())) {
            deleteQuietly(() -> client.get().deleteEndpointConfig(r -> r.endpointConfigName(previous)));
        }
    }

    private static void deleteQuietly(Runnable delete) {
        try {
            delete.run();
        } catch (SdkException e) {
            if (!AwsErrors.notFound(e)) LOG.warn("SageMaker clean-up failed: {}", AwsErrors.message(e));
        }
    }

    private static void requireIdle(SageMakerEndpoint cur) {
        String state = cur.endpoint().endpointStatusAsString();
        if (BUSY.contains(state)) {
            throw new UnavailableException("endpoint", "SageMaker endpoint " + cur.endpoint().endpointName() + " is "
                    + state + "; it takes changes again once it is InService");
        }
    }

    private long stamp() {
        return lastStamp.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis()));
    }

    private Object lock(String ep) {
        return locks.computeIfAbsent(ep, k -> new Object());
    }

    // ---- reading

    /** The endpoint, or empty when SageMaker does not know it. */
    private Optional<DescribeEndpointResponse> describe(String ep) {
        try {
            return Optional.of(client.get().describeEndpoint(r -> r.endpointName(ep)));
        } catch (SdkException e) {
            if (AwsErrors.notFound(e)) return Optional.empty();
            throw e;
        }
    }

    private DescribeEndpointResponse require(String ep, String endpoint) {
        return describe(ep).orElseThrow(() -> new NotFoundException("endpoint",
                "no SageMaker endpoint " + ep + (ep.equals(endpoint) ? "" : " (for " + endpoint + ")")));
    }

    /** The endpoint with its configuration and that configuration's tags. */
    private SageMakerEndpoint current(DescribeEndpointResponse d) {
        return SageMakerEndpoint.read(client.get(), d);
    }
}
