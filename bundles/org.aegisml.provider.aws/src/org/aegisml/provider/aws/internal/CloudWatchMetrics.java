package org.aegisml.provider.aws.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.aegisml.api.provider.HostMetric;
import org.aegisml.api.provider.MetricsSource;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.registry.VersionRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;

/**
 * SageMaker's own endpoint metrics from CloudWatch ({@code GetMetricData}), one series per
 * version (production variant): {@value MetricsSource#INVOCATIONS} is {@code AWS/SageMaker
 * Invocations} (sum per period), {@value MetricsSource#LATENCY_MS} is {@code AWS/SageMaker
 * ModelLatency} (average, reported in microseconds, returned in ms) and
 * {@value MetricsSource#GPU_UTILIZATION} is {@code /aws/sagemaker/Endpoints GPUUtilization}
 * (average; SageMaker reports up to 100 per GPU, so a 4-GPU instance reaches 400). The period is
 * one minute, longer for long ranges (at most 1,440 points per series). Other metric names and
 * unknown endpoints give no data.
 */
@Component(service = MetricsSource.class, property = Provider.PROPERTY + "=" + AwsProvider.NAME)
public final class CloudWatchMetrics implements MetricsSource {
    private static final int MAX_POINTS = 1440;
    private static final Map<String, Query> QUERIES = Map.of(
            INVOCATIONS, new Query("AWS/SageMaker", "Invocations", "Sum", 1),
            LATENCY_MS, new Query("AWS/SageMaker", "ModelLatency", "Average", 0.001),
            GPU_UTILIZATION, new Query("/aws/sagemaker/Endpoints", "GPUUtilization", "Average", 1));

    private final Supplier<SageMakerClient> sageMaker;
    private final Supplier<CloudWatchClient> cloudWatch;

    @Activate
    public CloudWatchMetrics(@Reference AwsSession session) {
        this(session::sageMaker, session::cloudWatch);
    }

    CloudWatchMetrics(Supplier<SageMakerClient> sageMaker, Supplier<CloudWatchClient> cloudWatch) {
        this.sageMaker = sageMaker;
        this.cloudWatch = cloudWatch;
    }

    @Override
    public String type() {
        return SageMakerHost.TYPE;
    }

    @Override
    public List<HostMetric> metrics(String endpoint, String metric, Instant from, Instant to) {
        Query q = QUERIES.get(metric);
        if (q == null || !from.isBefore(to)) return List.of();
        String ep = Names.endpoint(endpoint);
        try {
            Optional<SageMakerEndpoint> found = describe(ep);
            if (found.isEmpty()) return List.of();
            Map<String, VersionRef> versions = found.get().versions();
            int period = period(from, to);
            Map<String, VersionRef> byId = new LinkedHashMap<>();
            List<MetricDataQuery> queries = new ArrayList<>();
            for (ProductionVariantSummary s : found.get().endpoint().productionVariants()) {
                VersionRef v = versions.get(s.variantName());
                if (v == null) continue;
                String id = "v" + byId.size();
                byId.put(id, v);
                queries.add(MetricDataQuery.builder().id(id).returnData(true).metricStat(m -> m.period(period).stat(q.stat())
                        .metric(x -> x.namespace(q.namespace()).metricName(q.name()).dimensions(
                                Dimension.builder().name("EndpointName").value(ep).build(),
                                Dimension.builder().name("VariantName").value(s.variantName()).build())))
                        .build());
            }
            if (queries.isEmpty()) return List.of();
            List<HostMetric> out = new ArrayList<>();
            String token = null;
            do {
                String t = token;
                GetMetricDataResponse r = cloudWatch.get().getMetricData(b -> b.startTime(from).endTime(to)
                        .metricDataQueries(queries).scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(t));
                for (MetricDataResult result : r.metricDataResults()) {
                    VersionRef v = byId.get(result.id());
                    for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                        out.add(new HostMetric(metric, v, result.timestamps().get(i), result.values().get(i) * q.scale()));
                    }
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
            out.sort(Comparator.comparing(HostMetric::at));
            return out;
        } catch (SdkException e) {
            throw AwsErrors.map("CloudWatch " + metric + " of endpoint " + ep, e);
        }
    }

    private Optional<SageMakerEndpoint> describe(String ep) {
        DescribeEndpointResponse d;
        try {
            d = sageMaker.get().describeEndpoint(r -> r.endpointName(ep));
        } catch (SdkException e) {
            if (AwsErrors.notFound(e)) return Optional.empty();
            throw e;
        }
        return Optional.of(SageMakerEndpoint.read(sageMaker.get(), d));
    }

    /** One minute, or the multiple of a minute that keeps a series within {@value #MAX_POINTS} points. */
    static int period(Instant from, Instant to) {
        long seconds = Duration.between(from, to).toSeconds();
        long minutes = Math.max(1, (seconds + 60L * MAX_POINTS - 1) / (60L * MAX_POINTS));
        return (int) Math.min(Integer.MAX_VALUE, minutes * 60);
    }

    /** A CloudWatch metric and the statistic that answers one of the {@link MetricsSource} names. */
    private record Query(String namespace, String name, String stat, double scale) {
    }
}
