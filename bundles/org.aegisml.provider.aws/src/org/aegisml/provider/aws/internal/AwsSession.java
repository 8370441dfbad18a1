package org.aegisml.provider.aws.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.aegisml.api.UnavailableException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * What every AWS service of this bundle shares: the region, the optional endpoint override, the
 * credentials chain and one HTTP client. Configured by PID {@value #PID} (optional: without it the
 * SDK's default region chain applies); changing it restarts the services that use it. Clients are
 * built on first use, so that a missing region or missing credentials surface as an error of the
 * call (and as {@code NOT_CONFIGURED} health), never as a service that fails to start.
 */
@Component(service = AwsSession.class, configurationPid = AwsSession.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class AwsSession implements AutoCloseable {
    public static final String PID = "org.aegisml.provider.aws";

    /** The settings of {@link AwsConfig} as values (tests build them directly). */
    public record Settings(String region, URI endpoint, Duration apiCallTimeout, int maxAttempts) {
        public Settings {
            region = region == null || region.isBlank() ? null : region.strip();
            apiCallTimeout = apiCallTimeout == null ? Duration.ofSeconds(60) : apiCallTimeout;
            maxAttempts = Math.max(1, maxAttempts);
        }

        static Settings of(AwsConfig c) {
            String e = c.endpoint().strip();
            return new Settings(c.region(), e.isEmpty() ? null : URI.create(e),
                    Duration.ofSeconds(Math.max(1, c.apiCallTimeoutSeconds())), c.maxAttempts());
        }
    }

    private final Settings settings;
    private final SdkHttpClient http;
    private final DefaultCredentialsProvider credentials;
    private volatile Region region;
    private SageMakerClient sageMaker;
    private CostExplorerClient costExplorer;
    private CloudWatchClient cloudWatch;

    @Activate
    public AwsSession(AwsConfig config) {
        this(Settings.of(config));
    }

    public AwsSession(Settings settings) {
        this.settings = settings;
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60)).build();
        this.credentials = DefaultCredentialsProvider.builder().build();
        if (settings.region() != null) region = Region.of(settings.region());
    }

    public Settings settings() {
        return settings;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** The configured region, else the one the SDK's default chain finds; empty when there is none. */
    public Optional<Region> region() {
        Region r = region;
        if (r != null) return Optional.of(r);
        try {
            r = new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (r != null) region = r;
        return Optional.ofNullable(r);
    }

    Region requireRegion() {
        return region().orElseThrow(() -> new UnavailableException("region",
                "no AWS region: set 'region' in the configuration " + PID
                        + ", or AWS_REGION, or a region in the AWS profile"));
    }

    public synchronized SageMakerClient sageMaker() {
        if (sageMaker == null) sageMaker = configure(SageMakerClient.builder(), requireRegion(), settings.endpoint()).build();
        return sageMaker;
    }

    public synchronized CostExplorerClient costExplorer() {
        if (costExplorer == null) {
            costExplorer = configure(CostExplorerClient.builder(), requireRegion(), settings.endpoint()).build();
        }
        return costExplorer;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) cloudWatch = configure(CloudWatchClient.builder(), requireRegion(), settings.endpoint()).build();
        return cloudWatch;
    }

    /**
     * Applies the shared settings to a client builder: region, endpoint override (when given),
     * credentials chain, HTTP client, call timeout and attempts. The client built does not own the
     * HTTP client; closing this session closes it.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Region region,
            URI endpoint) {
        builder.region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(o -> o.apiCallTimeout(settings.apiCallTimeout())
                        .retryStrategy(r -> r.maxAttempts(settings.maxAttempts())));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder;
    }

    @Override
    @Deactivate
    public synchronized void close() {
        if (sageMaker != null) sageMaker.close();
        if (costExplorer != null) costExplorer.close();
        if (cloudWatch != null) cloudWatch.close();
        sageMaker = null;
        costExplorer = null;
        cloudWatch = null;
        credentials.close();
        http.close();
    }
}
