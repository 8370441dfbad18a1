package org.aegisml.provider.aws.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTagsResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * An endpoint as SageMaker describes it, with its endpoint configuration and that
 * configuration's tags, which record the version each variant serves
 * ({@value SageMakerHost#VARIANT_TAG}{@code <variant>}).
 */
record SageMakerEndpoint(DescribeEndpointResponse endpoint, DescribeEndpointConfigResponse config,
        Map<String, String> tags) {
    /** States in which the endpoint answers requests. */
    private static final Set<String> SERVING = Set.of("InService", "Updating", "SystemUpdating", "RollingBack",
            "UpdateRollbackFailed");
    private static final Pattern VARIANT_NAME = Pattern.compile("(.+)-v([0-9]+)");

    /** Reads the endpoint's configuration and its tags (every page). */
    static SageMakerEndpoint read(SageMakerClient client, DescribeEndpointResponse d) {
        DescribeEndpointConfigResponse config = client
                .describeEndpointConfig(r -> r.endpointConfigName(d.endpointConfigName()));
        Map<String, String> tags = new HashMap<>();
        String token = null;
        do {
            String t = token;
            ListTagsResponse page = client
                    .listTags(r -> r.resourceArn(config.endpointConfigArn()).maxResults(100).nextToken(t));
            for (Tag tag : page.tags()) tags.put(tag.key(), tag.value());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new SageMakerEndpoint(d, config, tags);
    }

    /** The endpoint as {@link HostStatus}: weights are the current ones, in percent. */
    HostStatus status(String endpoint) {
        DescribeEndpointResponse d = this.endpoint;
        String state = d.endpointStatusAsString();
        boolean serving = SERVING.contains(state);
        List<ProductionVariantSummary> summaries = d.productionVariants();
        int[] pct = percentages(summaries.stream().map(s -> s.currentWeight() == null ? 0f : s.currentWeight()).toList());
        List<HostStatus.Variant> variants = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            ProductionVariantSummary s = summaries.get(i);
            int desired = desiredCount(s);
            int ready = s.currentInstanceCount() == null ? 0 : s.currentInstanceCount();
            StringBuilder detail = new StringBuilder();
            config.productionVariants().stream().filter(pv -> pv.variantName().equals(s.variantName()))
                    .findFirst().map(ProductionVariant::instanceTypeAsString).ifPresent(detail::append);
            boolean busy = false;
            for (ProductionVariantStatus vs : s.variantStatus()) {
                busy = true;
                String text = vs.statusAsString() + (vs.statusMessage() == null ? "" : ": " + vs.statusMessage());
                detail.append(detail.isEmpty() ? "" : "; ").append(text);
                if (vs.statusMessage() != null) events.add(s.variantName() + " " + text);
            }
            boolean healthy = serving && desired > 0 && ready >= desired && !busy;
            variants.add(new HostStatus.Variant(versions().get(s.variantName()), s.variantName(), pct[i], desired,
                    ready, healthy, detail.toString()));
        }
        if (d.pendingDeploymentSummary() != null) {
            events.add("deploying endpoint configuration " + d.pendingDeploymentSummary().endpointConfigName());
        }
        if (d.failureReason() != null && !d.failureReason().isBlank()) events.add(d.failureReason());
        return new HostStatus(endpoint, state, serving, variants, events, Instant.now());
    }

    static float desiredWeight(ProductionVariantSummary s) {
        Float w = s.desiredWeight() != null ? s.desiredWeight() : s.currentWeight();
        return w == null ? 0f : w;
    }

    static int desiredCount(ProductionVariantSummary s) {
        Integer n = s.desiredInstanceCount() != null ? s.desiredInstanceCount() : s.currentInstanceCount();
        return n == null ? 0 : n;
    }

    /** Relative weights as whole percentages adding up to 100 (largest remainder); all 0 when they add up to 0. */
    static int[] percentages(List<Float> weights) {
        int[] out = new int[weights.size()];
        double total = 0;
        for (Float w : weights) total += Math.max(0f, w);
        if (total <= 0) return out;
        double[] rest = new double[out.length];
        int given = 0;
        for (int i = 0; i < out.length; i++) {
            double exact = Math.max(0f, weights.get(i)) * 100.0 / total;
            out[i] = (int) Math.floor(exact);
            rest[i] = exact - out[i];
            given += out[i];
        }
        for (int k = given; k < 100; k++) {
            int best = 0;
            for (int i = 1; i < out.length; i++) if (rest[i] > rest[best]) best = i;
            out[best]++;
            rest[best] = -1;
        }
        return out;
    }

        String configName() {
            return config.endpointConfigName();
        }

        ProductionVariantSummary summary(String variant) {
            for (ProductionVariantSummary s : endpoint.productionVariants()) {
                if (s.variantName().equals(variant)) return s;
            }
            return null;
        }

        /** Whether the configuration (the one live or the one being deployed) has the variant. */
        boolean hasVariant(String variant) {
            return config.productionVariants().stream().anyMatch(pv -> pv.variantName().equals(variant))
                    || summary(variant) != null;
        }

        /** The version each variant serves: from the configuration's tags, else read off the variant's name. */
        Map<String, VersionRef> versions() {
            Map<String, VersionRef> m = new LinkedHashMap<>();
            for (ProductionVariant pv : config.productionVariants()) {
                VersionRef v = VersionRef.parse(tags.get(SageMakerHost.VARIANT_TAG + pv.variantName()));
                if (v == null) {
                    Matcher x = VARIANT_NAME.matcher(pv.variantName());
                    if (x.matches()) {
                        VersionRef guess = new VersionRef(AssetType.MODEL, x.group(1), Integer.parseInt(x.group(2)));
                        if (Names.variant(guess).equals(pv.variantName())) v = guess;
                    }
                }
                if (v != null) m.put(pv.variantName(), v);
            }
            return m;
        }

        String variantOf(VersionRef version) {
            for (Map.Entry<String, VersionRef> e : versions().entrySet()) {
                if (e.getValue().equals(version)) return e.getKey();
            }
            String guess = Names.variant(version);
            return hasVariant(guess) ? guess : null;
        }
}
