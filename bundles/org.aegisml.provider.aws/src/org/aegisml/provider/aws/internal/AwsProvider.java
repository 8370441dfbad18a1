package org.aegisml.provider.aws.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.aegisml.api.AegisException;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.api.provider.ProviderHealth.Status;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS provider's presence and health. Health resolves the region and the credentials with the
 * SDK's default chains (no call when either is missing: {@code NOT_CONFIGURED}), then makes one
 * cheap authenticated call, SageMaker {@code ListEndpoints} with one result; the whole check is
 * bounded by {@link #HEALTH_TIMEOUT}.
 */
@Component(service = Provider.class, property = Provider.PROPERTY + "=" + AwsProvider.NAME)
public final class AwsProvider implements Provider {
    public static final String NAME = "aws";
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    private static final String CHAIN = "the AWS SDK default credentials chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            + "system properties aws.accessKeyId/aws.secretAccessKey, web identity token, profiles in ~/.aws, "
            + "container and instance roles)";

    private final AwsSession session;

    @Activate
    public AwsProvider(@Reference AwsSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Amazon Web Services";
    }

    @Override
    public ProviderHealth health() {
        CompletableFuture<ProviderHealth> check = CompletableFuture.supplyAsync(this::check);
        try {
            return check.get(HEALTH_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return new ProviderHealth(Status.UNREACHABLE,
                    "no answer from AWS within " + HEALTH_TIMEOUT.toSeconds() + " s", Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderHealth(Status.UNREACHABLE, "interrupted", Instant.now());
        } catch (ExecutionException e) {
            return new ProviderHealth(Status.UNREACHABLE, "health check failed: " + e.getCause(), Instant.now());
        }
    }

    private ProviderHealth check() {
        Optional<Region> region = session.region();
        if (region.isEmpty()) {
            return new ProviderHealth(Status.NOT_CONFIGURED, "no AWS region: set 'region' in the configuration "
                    + AwsSession.PID + ", or AWS_REGION, or a region in the AWS profile", Instant.now());
        }
        try {
            session.credentials().resolveCredentials();
        } catch (SdkException e) {
            return new ProviderHealth(Status.NOT_CONFIGURED, "no AWS credentials found by " + CHAIN, Instant.now());
        }
        String where = region.get().id() + (session.settings().endpoint() == null ? ""
                : " at " + session.settings().endpoint());
        try {
            session.sageMaker().listEndpoints(r -> r.maxResults(1)
                    .overrideConfiguration(o -> o.apiCallTimeout(HEALTH_TIMEOUT)));
            return new ProviderHealth(Status.OK, "SageMaker ListEndpoints answered in " + where, Instant.now());
        } catch (SdkException e) {
            AegisException mapped = AwsErrors.map("SageMaker ListEndpoints in " + where, e);
            return new ProviderHealth(Status.UNREACHABLE, mapped.getMessage(), Instant.now());
        }
    }
}
