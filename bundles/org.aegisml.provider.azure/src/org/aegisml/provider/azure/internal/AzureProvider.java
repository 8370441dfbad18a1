package org.aegisml.provider.azure.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.api.provider.ProviderHealth.Status;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Azure provider's presence, registered with or without configuration so that an
 * unconfigured installation says what it lacks. Health: the settings of PID {@value Azure#PID},
 * then a token from the credential chain, then a read of the workspace.
 */
@Component(service = Provider.class, configurationPid = Azure.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Provider.PROPERTY + "=" + Azure.NAME)
public final class AzureProvider implements Provider {
    static final long HEALTH_SECONDS = 5;
    private final AzureConfig config;
    /** Why there is no workspace to check (missing or unusable settings); null when there is one. */
    private final String problem;
    private final Workspace ws;

    @Activate
    public AzureProvider(AzureConfig config) {
        this.config = config;
        List<String> missing = Workspace.missing(config);
        Workspace w = null;
        String p = missing.isEmpty() ? null : "PID " + Azure.PID + " lacks " + String.join(", ", missing);
        if (p == null) {
            try {
                w = new Workspace(config);
            } catch (IllegalArgumentException e) {
                p = "PID " + Azure.PID + ": " + e.getMessage();
            }
        }
        this.ws = w;
        this.problem = p;
    }

    @Override
    public String name() {
        return Azure.NAME;
    }

    @Override
    public String title() {
        return "Microsoft Azure";
    }

    @Override
    public ProviderHealth health() {
        if (ws == null) return new ProviderHealth(Status.NOT_CONFIGURED, problem, Instant.now());
        CompletableFuture<ProviderHealth> check = CompletableFuture.supplyAsync(this::check);
        try {
            return check.get(HEALTH_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return new ProviderHealth(Status.UNREACHABLE, "no answer from the credential chain or Azure Resource Manager ("
                    + ws.arm.base() + ") within " + HEALTH_SECONDS + " s", Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderHealth(Status.UNREACHABLE, "interrupted", Instant.now());
        } catch (ExecutionException e) {
            return new ProviderHealth(Status.UNREACHABLE, "health check failed: " + e.getCause().getClass().getSimpleName(),
                    Instant.now());
        }
    }

    private ProviderHealth check() {
        if (ws.credentialSources.isEmpty()) {
            return new ProviderHealth(Status.NOT_CONFIGURED, "no credential found by " + Azure.CHAIN, Instant.now());
        }
        try {
            ws.credential.getTokenSync(new TokenRequestContext().addScopes(ws.arm.base() + "/.default"));
        } catch (CredentialUnavailableException e) {
            return new ProviderHealth(Status.NOT_CONFIGURED, "no token from " + String.join(", ", ws.credentialSources)
                    + " (" + Azure.CHAIN + ")", Instant.now());
        } catch (ClientAuthenticationException e) {
            return new ProviderHealth(Status.UNREACHABLE, "Microsoft Entra ID refused the credential: "
                    + Arm.firstLine(e.getMessage()), Instant.now());
        } catch (RuntimeException | LinkageError e) {
            return new ProviderHealth(Status.UNREACHABLE, "no token from the credential chain: "
                    + Arm.firstLine(e.getMessage()), Instant.now());
        }
        try {
            JsonNode w = ws.describe();
            return new ProviderHealth(Status.OK, "workspace " + config.workspace() + " in resource group "
                    + config.resourceGroup() + " (" + w.path("location").asText("?") + ") answered", Instant.now());
        } catch (NotFoundException | UnavailableException e) {
            return new ProviderHealth(Status.UNREACHABLE, e.getMessage(), Instant.now());
        } catch (RuntimeException e) {
            return new ProviderHealth(Status.UNREACHABLE, Arm.firstLine(e.getMessage()), Instant.now());
        }
    }
}
