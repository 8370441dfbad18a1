package org.aegisml.provider.gcp.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Vertex AI v1 REST calls the model host makes on endpoints, each waiting for its
 * long-running operation ({@code GET v1/<operation name>} until {@code done}).
 */
final class VertexApi {
    private static final Logger LOG = LoggerFactory.getLogger(VertexApi.class);
    private final GcpHttp http;
    private final GcpSettings settings;

    VertexApi(GcpHttp http, GcpSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    private String endpoints() {
        return settings.aiplatform() + "/v1/projects/" + settings.project() + "/locations/" + settings.location()
                + "/endpoints";
    }

    private String url(String resourceName) {
        return settings.aiplatform() + "/v1/" + resourceName;
    }

    /** By numeric id, else by display name; empty when there is none. */
    Optional<JsonNode> find(String endpoint) {
        if (endpoint.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(http.get(endpoints() + "/" + endpoint, "Vertex AI endpoint " + endpoint));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        }
        String filter = URLEncoder.encode("display_name=\"" + endpoint + "\"", StandardCharsets.UTF_8);
        JsonNode list = http.get(endpoints() + "?filter=" + filter, "listing Vertex AI endpoints");
        JsonNode found = null;
        for (JsonNode e : list.path("endpoints")) {
            if (!endpoint.equals(e.path("displayName").asText())) continue;
            if (found != null) {
                throw new ConflictException("endpoint", "more than one Vertex AI endpoint is named '" + endpoint
                        + "' in " + settings.project() + "/" + settings.location() + "; name it by its numeric id");
            }
            found = e;
        }
        return Optional.ofNullable(found);
    }

    JsonNode get(String endpoint) {
        return find(endpoint).orElseThrow(() -> new NotFoundException("endpoint", "no Vertex AI endpoint '" + endpoint
                + "' in " + settings.project() + "/" + settings.location()));
    }

    /** Re-reads an endpoint by its resource name. */
    JsonNode reload(JsonNode endpoint) {
        return http.get(url(endpoint.path("name").asText()), "Vertex AI endpoint");
    }

    JsonNode create(String displayName, Map<String, String> labels) {
        ObjectNode body = GcpHttp.JSON.createObjectNode().put("displayName", displayName);
        ObjectNode l = body.putObject("labels");
        labels.forEach(l::put);
        JsonNode created = await(http.post(endpoints(), body, "creating Vertex AI endpoint " + displayName),
                "creating endpoint " + displayName);
        return reload(created);
    }

    void deployModel(JsonNode endpoint, JsonNode deployedModel, Map<String, Integer> trafficSplit) {
        ObjectNode body = GcpHttp.JSON.createObjectNode();
        body.set("deployedModel", deployedModel);
        body.set("trafficSplit", split(trafficSplit));
        String name = endpoint.path("name").asText();
        await(http.post(url(name) + ":deployModel", body, "deploying to " + name), "deploying to " + name);
    }

    void undeployModel(JsonNode endpoint, String deployedModelId, Map<String, Integer> trafficSplit) {
        ObjectNode body = GcpHttp.JSON.createObjectNode().put("deployedModelId", deployedModelId);
        body.set("trafficSplit", split(trafficSplit));
        String name = endpoint.path("name").asText();
        await(http.post(url(name) + ":undeployModel", body, "undeploying from " + name), "undeploying from " + name);
    }

    /** Replaces the traffic split and the labels in one update (no operation: the endpoint comes back). */
    JsonNode update(JsonNode endpoint, Map<String, Integer> trafficSplit, Map<String, String> labels) {
        ObjectNode body = GcpHttp.JSON.createObjectNode();
        body.set("trafficSplit", split(trafficSplit));
        ObjectNode l = body.putObject("labels");
        labels.forEach(l::put);
        String name = endpoint.path("name").asText();
        return http.patch(url(name) + "?updateMask=traffic_split,labels", body, "updating " + name);
    }

    /** Changes a deployed model's replica counts ({@code mutateDeployedModel}). */
    void mutateReplicas(JsonNode endpoint, JsonNode deployedModel, int min, int max) {
        ObjectNode dm = GcpHttp.JSON.createObjectNode().put("id", deployedModel.path("id").asText())
                .put("model", deployedModel.path("model").asText());
        ObjectNode resources = deployedModel.path("dedicatedResources").deepCopy();
        resources.put("minReplicaCount", min).put("maxReplicaCount", max);
        dm.set("dedicatedResources", resources);
        ObjectNode body = GcpHttp.JSON.createObjectNode();
        body.set("deployedModel", dm);
        body.put("updateMask", "dedicated_resources.min_replica_count,dedicated_resources.max_replica_count");
        String name = endpoint.path("name").asText();
        await(http.post(url(name) + ":mutateDeployedModel", body, "scaling on " + name), "scaling on " + name);
    }

    void delete(JsonNode endpoint) {
        String name = endpoint.path("name").asText();
        try {
            await(http.delete(url(name), "deleting " + name), "deleting " + name);
        } catch (NotFoundException e) {
            // already gone: what was asked for
        }
    }

    private static ObjectNode split(Map<String, Integer> trafficSplit) {
        ObjectNode s = GcpHttp.JSON.createObjectNode();
        trafficSplit.forEach(s::put);
        return s;
    }

    /** Polls the operation until done; its error becomes the matching exception, its response is returned. */
    JsonNode await(JsonNode operation, String what) {
        long deadline = System.nanoTime() + settings.operationTimeout().toNanos();
        JsonNode op = operation;
        String name = op.path("name").asText();
        if (!op.path("done").asBoolean(false)) LOG.info("{}: waiting for Vertex AI operation {}", what, name);
        while (!op.path("done").asBoolean(false)) {
            if (name.isEmpty()) throw new UnavailableException(null, what + ": Vertex AI answered without an operation");
            if (System.nanoTime() > deadline) {
                throw new UnavailableException(null, what + ": operation " + name + " not done after "
                        + settings.operationTimeout().toMinutes() + " minutes");
            }
            try {
                Thread.sleep(settings.operationPoll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(null, what + ": interrupted waiting for " + name, e);
            }
            op = http.get(url(name), "operation " + name);
        }
        JsonNode error = op.path("error");
        if (error.isObject()) throw operationError(error, what);
        return op.path("response");
    }

    /** {@code google.rpc.Status}: the code is a gRPC code. */
    private static RuntimeException operationError(JsonNode error, String what) {
        String text = what + " failed: " + error.path("message").asText("code " + error.path("code").asInt());
        return switch (error.path("code").asInt()) {
            case 3, 11 -> new ValidationException(null, text);
            case 5 -> new NotFoundException(null, text);
            case 6, 9, 10 -> new ConflictException(null, text);
            default -> new UnavailableException(null, text);
        };
    }
}
