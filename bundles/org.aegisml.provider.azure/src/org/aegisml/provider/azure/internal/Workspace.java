package org.aegisml.provider.azure.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.ValidationException;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Azure Machine Learning workspace as PID {@value Azure#PID} names it, reached through
 * {@link Arm} with the standard credential chain: the paths of its online endpoints and
 * deployments, and its location (for new endpoints, unless configured).
 */
final class Workspace {
    final AzureConfig config;
    final Arm arm;
    final TokenCredential credential;
    /** The credential chain's sources present at activation (names only). */
    final List<String> credentialSources;
    private volatile String location;

    Workspace(AzureConfig config) {
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("PID " + Azure.PID + " lacks " + String.join(", ", missing));
        }
        this.config = config;
        HttpClient http = Azure.httpClient();
        com.azure.core.util.Configuration env = Azure.environment();
        this.credentialSources = CredentialSources.found(env);
        this.credential = Azure.credential(http, env, config.authorityHost(), config.disableInstanceDiscovery());
        this.arm = arm(config, http, credential);
        this.location = config.location().isBlank() ? null : config.location().strip();
    }

    static Arm arm(AzureConfig config, HttpClient http, TokenCredential credential) {
        return new Arm(http, credential, config.managementEndpoint(), Duration.ofSeconds(Math.max(0, config.pollSeconds())),
                Duration.ofSeconds(Math.max(1, config.operationTimeoutSeconds())));
    }

    /** The settings a workspace needs that {@code config} lacks (empty when complete). */
    static List<String> missing(AzureConfig config) {
        List<String> m = new ArrayList<>();
        if (config == null || config.subscriptionId().isBlank()) m.add("subscriptionId");
        if (config == null || config.resourceGroup().isBlank()) m.add("resourceGroup");
        if (config == null || config.workspace().isBlank()) m.add("workspace");
        return m;
    }

    String path() {
        return "/subscriptions/" + config.subscriptionId().strip() + "/resourceGroups/" + config.resourceGroup().strip()
                + "/providers/Microsoft.MachineLearningServices/workspaces/" + config.workspace().strip();
    }

    String endpointPath(String endpoint) {
        return path() + "/onlineEndpoints/" + endpoint;
    }

    String deploymentPath(String endpoint, String deployment) {
        return endpointPath(endpoint) + "/deployments/" + deployment;
    }

    String apiVersion() {
        return config.apiVersion();
    }

    /** The workspace resource; throws NotFoundException when it does not exist. */
    JsonNode describe() {
        JsonNode ws = arm.get(path(), apiVersion());
        if (ws == null) {
            throw new org.aegisml.api.NotFoundException("workspace", "Azure ML workspace " + config.workspace()
                    + " not found in resource group " + config.resourceGroup());
        }
        return ws;
    }

    /** Where new endpoints go: the configured location, else the workspace's. */
    String location() {
        String l = location;
        if (l == null) {
            l = describe().path("location").asText("");
            if (l.isBlank()) throw new ValidationException("location", "the workspace reports no location; configure one");
            location = l;
        }
        return l;
    }

    /** Every online deployment of an endpoint (following {@code nextLink} pages). */
    List<JsonNode> deployments(String endpoint) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode page = arm.get(endpointPath(endpoint) + "/deployments", apiVersion());
        while (page != null) {
            for (JsonNode d : page.path("value")) all.add(d);
            String next = page.path("nextLink").asText("");
            if (next.isBlank()) break;
            String rel = next.startsWith(arm.base()) ? next.substring(arm.base().length()) : null;
            if (rel == null) break;
            // nextLink already carries api-version and a continuation token.
            page = arm.get(rel.replaceAll("([?&])api-version=[^&]*&?", "$1").replaceAll("[?&]$", ""), apiVersion());
        }
        return all;
    }
}
