package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Google Cloud's presence. Registered with or without configuration, so that an installed but
 * unconfigured provider says so: NOT_CONFIGURED without a project in {@value #PID} or without
 * Application Default Credentials; UNREACHABLE when Vertex AI does not answer a listing of the
 * project's endpoints (or refuses the credentials) within {@link #HEALTH_TIMEOUT}.
 */
@Component(service = Provider.class, configurationPid = GcpProvider.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Provider.PROPERTY + "=" + GcpProvider.NAME)
public final class GcpProvider implements Provider {
    static final String NAME = "gcp";
    static final String PID = "org.aegisml.provider.gcp";
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(4);
    private final GcpSettings settings;
    private final String settingsProblem;
    private final Adc adc;
    private final GcpHttp http;

    @Activate
    public GcpProvider(GcpConfig config) {
        this(config, new Adc());
    }

    GcpProvider(GcpConfig config, Adc adc) {
        GcpSettings s = null;
        String problem = null;
        try {
            s = GcpSettings.from(config);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        this.settings = s;
        this.settingsProblem = problem;
        this.adc = adc;
        this.http = s == null ? null : new GcpHttp(adc, HEALTH_TIMEOUT);
    }

    @Deactivate
    void deactivate() {
        if (http != null) http.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Google Cloud";
    }

    @Override
    public ProviderHealth health() {
        if (settingsProblem != null) return health(Status.NOT_CONFIGURED, "the configuration " + PID + " is invalid: " + settingsProblem);
        if (!settings.hasProject()) {
            return health(Status.NOT_CONFIGURED, "no project: set 'project' (and 'location') in the configuration " + PID);
        }
        // The lookup may ask the metadata server, and the check calls Vertex AI: bounded, on a thread of its own.
        CompletableFuture<ProviderHealth> check = CompletableFuture.supplyAsync(this::check,
                r -> Thread.ofVirtual().name("gcp-health").start(r));
        try {
            return check.get(HEALTH_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return health(Status.UNREACHABLE, "no answer from Google Cloud within " + HEALTH_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health(Status.UNREACHABLE, "interrupted");
        } catch (ExecutionException e) {
            return health(Status.UNREACHABLE, "health check failed: " + e.getCause());
        }
    }

    private ProviderHealth check() {
        try {
            adc.credentials();
        } catch (IOException | RuntimeException e) {
            return health(Status.NOT_CONFIGURED, "no credentials: looked for " + Adc.CHAIN + ": " + e.getMessage());
        }
        try {
            http.get(settings.aiplatform() + "/v1/projects/" + settings.project() + "/locations/" + settings.location()
                    + "/endpoints?pageSize=1", "listing Vertex AI endpoints");
            return health(Status.OK, "Vertex AI answered for project " + settings.project() + " in " + settings.location());
        } catch (AegisException e) {
            return health(Status.UNREACHABLE, e.getMessage());
        }
    }

    private static ProviderHealth health(Status status, String detail) {
        return new ProviderHealth(status, detail, Instant.now());
    }
}
