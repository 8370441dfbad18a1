package org.aegisml.provider.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostMetric;
import org.aegisml.api.provider.MetricsSource;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * The framework's metrics source against moto's CloudWatch: data points put in the way SageMaker
 * publishes them (per endpoint and variant) come back per version.
 */
class CloudWatchMetricsTest {
    private static final VersionRef V1 = new VersionRef(AssetType.MODEL, "fraud", 1);
    private static final VersionRef V2 = new VersionRef(AssetType.MODEL, "fraud", 2);

    private static MetricDatum datum(String name, String variant, Instant at, double value) {
        return MetricDatum.builder().metricName(name).timestamp(at).value(value)
                .dimensions(Dimension.builder().name("EndpointName").value("fraud-prod").build(),
                        Dimension.builder().name("VariantName").value(variant).build())
                .build();
    }

    @Test
    void invocationsAndLatencyPerVersion() throws Exception {
        MotoServer moto = MotoServer.get();
        moto.reset();
        ModelHost host = MotoServer.service(ModelHost.class);
        Backend backend = new Backend("sagemaker", null, null, null, Map.of("image", "img:1",
                "execution_role", "arn:aws:iam::123456789012:role/sagemaker-exec"));
        host.deploy(new Placement("fraud-prod", V1, backend, 1, "risk"));
        host.deploy(new Placement("fraud-prod", V2, backend, 1, "risk"));

        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        Instant t1 = t0.plus(1, ChronoUnit.MINUTES);
        try (AwsSession session = moto.session(); CloudWatchClient cw = session
                .configure(CloudWatchClient.builder(), Region.of(MotoServer.REGION), moto.url).build()) {
            cw.putMetricData(r -> r.namespace("AWS/SageMaker").metricData(
                    datum("Invocations", "fraud-v1", t0.plusSeconds(5), 90), datum("Invocations", "fraud-v1", t0.plusSeconds(30), 10),
                    datum("Invocations", "fraud-v1", t1.plusSeconds(5), 80), datum("Invocations", "fraud-v2", t1.plusSeconds(5), 20),
                    datum("ModelLatency", "fraud-v2", t1.plusSeconds(5), 12_000)));
        }

        MetricsSource source = MotoServer.service(MetricsSource.class);
        assertEquals("sagemaker", source.type());
        Instant from = t0.minus(1, ChronoUnit.MINUTES);
        Instant to = t1.plus(2, ChronoUnit.MINUTES);
        List<HostMetric> invocations = source.metrics("fraud-prod", MetricsSource.INVOCATIONS, from, to);
        assertEquals(List.of(new HostMetric(MetricsSource.INVOCATIONS, V1, t0, 100.0),
                new HostMetric(MetricsSource.INVOCATIONS, V1, t1, 80.0)),
                invocations.stream().filter(m -> m.version().equals(V1)).toList());
        assertEquals(List.of(new HostMetric(MetricsSource.INVOCATIONS, V2, t1, 20.0)),
                invocations.stream().filter(m -> m.version().equals(V2)).toList());
        assertEquals(List.of(t0, t1, t1), invocations.stream().map(HostMetric::at).toList(), "oldest first");

        List<HostMetric> latency = source.metrics("fraud-prod", MetricsSource.LATENCY_MS, from, to);
        assertEquals(List.of(new HostMetric(MetricsSource.LATENCY_MS, V2, t1, 12.0)), latency, "microseconds to ms");

        assertEquals(List.of(), source.metrics("fraud-prod", MetricsSource.GPU_UTILIZATION, from, to));
        assertEquals(List.of(), source.metrics("fraud-prod", "queue_depth", from, to));
        assertEquals(List.of(), source.metrics("nowhere", MetricsSource.INVOCATIONS, from, to));
        assertEquals(60, CloudWatchMetrics.period(from, to));
        assertEquals(120, CloudWatchMetrics.period(from, from.plus(2, ChronoUnit.DAYS)));
    }
}
