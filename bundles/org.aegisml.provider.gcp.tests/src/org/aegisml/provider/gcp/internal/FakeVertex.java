package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Vertex AI v1 endpoints in memory, as the REST reference describes them: create, get, list
 * with {@code filter=display_name="..."}, deployModel / undeployModel / mutateDeployedModel /
 * delete as long-running operations (applied and {@code done} at their first poll, so the
 * client must poll), and PATCH with an update mask. Resource names carry the project
 * <em>number</em>, as Google returns them. It refuses what Vertex refuses: a traffic split not
 * summing to 100 or naming unknown deployed models, undeploying a model that keeps traffic,
 * deleting an endpoint that still has models, an unknown model ({@code models/missing*}).
 */
final class FakeVertex extends Fake {
    static final String PROJECT = "aegis-test";
    static final String NUMBER = "123456789012";
    private static final Pattern COLLECTION = Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/endpoints");
    private static final Pattern ENDPOINT = Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/endpoints/([0-9]+)(:[A-Za-z]+)?");
    private static final Pattern OPERATION = Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+/endpoints/[0-9]+/operations/[0-9]+)");
    private static final Pattern MODEL = Pattern.compile("projects/[^/]+/locations/[^/]+/models/[A-Za-z0-9_-]+(@[0-9]+)?");

    /** Endpoint id to the endpoint resource. */
    final Map<String, ObjectNode> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Supplier<ObjectNode>> operations = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    FakeVertex(FakeToken tokens) throws IOException {
        super(tokens);
    }

    int calls(String method) {
        return calls.computeIfAbsent(method, k -> new AtomicInteger()).get();
    }

    private void count(String method) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    }

    /** The endpoint with this display name, or null. */
    synchronized ObjectNode byName(String displayName) {
        for (ObjectNode e : endpoints.values()) {
            if (e.path("displayName").asText().equals(displayName)) return e;
        }
        return null;
    }

    /** The deployed model with this display name on an endpoint, or null. */
    static ObjectNode deployed(ObjectNode endpoint, String displayName) {
        for (JsonNode dm : endpoint.path("deployedModels")) {
            if (dm.path("displayName").asText().equals(displayName)) return (ObjectNode) dm;
        }
        return null;
    }

    @Override
    synchronized void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        Matcher m;
        if ((m = OPERATION.matcher(path)).matches() && method.equals("GET")) {
            count("operations.get");
            Supplier<ObjectNode> op = operations.remove(m.group(1));
            if (op == null) {
                error(x, 404, "NOT_FOUND", "operation " + m.group(1) + " not found");
                return;
            }
            ObjectNode done = op.get().put("name", m.group(1)).put("done", true);
            json(x, 200, done);
            return;
        }
        if ((m = COLLECTION.matcher(path)).matches()) {
            if (!project(m.group(1)) || !m.group(2).equals("us-central1")) {
                error(x, 403, "PERMISSION_DENIED", "no access to " + path);
                return;
            }
            if (method.equals("GET")) {
                count("endpoints.list");
                list(x);
            } else if (method.equals("POST")) {
                count("endpoints.create");
                create(x);
            } else {
                error(x, 405, "UNIMPLEMENTED", method);
            }
            return;
        }
        if ((m = ENDPOINT.matcher(path)).matches() && project(m.group(1))) {
            ObjectNode ep = endpoints.get(m.group(3));
            if (ep == null) {
                error(x, 404, "NOT_FOUND", "Endpoint " + path + " not found.");
                return;
            }
            String verb = m.group(4) == null ? method : m.group(4).substring(1);
            count("endpoints." + verb);
            switch (verb) {
                case "GET" -> json(x, 200, ep);
                case "PATCH" -> patch(x, ep);
                case "DELETE" -> operation(x, ep, () -> {
                    if (ep.path("deployedModels").size() > 0) {
                        return failed(9, "Endpoint has deployed models; undeploy them first.");
                    }
                    endpoints.remove(id(ep));
                    return JSON.createObjectNode();
                });
                case "deployModel" -> deploy(x, ep);
                case "undeployModel" -> undeploy(x, ep);
                case "mutateDeployedModel" -> mutate(x, ep);
                default -> error(x, 400, "INVALID_ARGUMENT", "unknown method " + verb);
            }
            return;
        }
        error(x, 404, "NOT_FOUND", path);
    }

    private static boolean project(String p) {
        return p.equals(PROJECT) || p.equals(NUMBER);
    }

    private static String id(JsonNode ep) {
        String name = ep.path("name").asText();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private void list(HttpExchange x) throws IOException {
        String filter = query(x).getOrDefault("filter", "");
        Matcher f = Pattern.compile("display_name=\"([^\"]*)\"").matcher(filter);
        String wanted = filter.isEmpty() ? null : f.matches() ? f.group(1) : "";
        if (wanted != null && wanted.isEmpty()) {
            error(x, 400, "INVALID_ARGUMENT", "unsupported filter " + filter);
            return;
        }
        ObjectNode r = JSON.createObjectNode();
        ArrayNode list = JSON.createArrayNode();
        for (ObjectNode e : endpoints.values()) {
            if (wanted == null || e.path("displayName").asText().equals(wanted)) list.add(e);
        }
        if (!list.isEmpty()) r.set("endpoints", list); // Google leaves empty lists out
        json(x, 200, r);
    }

    private void create(HttpExchange x) throws IOException {
        JsonNode b = body(x);
        if (b.path("displayName").asText().isEmpty()) {
            error(x, 400, "INVALID_ARGUMENT", "displayName is required");
            return;
        }
        String id = Long.toString(ids.incrementAndGet());
        ObjectNode ep = JSON.createObjectNode().put("name", "projects/" + NUMBER + "/locations/us-central1/endpoints/" + id)
                .put("displayName", b.path("displayName").asText());
        ep.set("labels", b.path("labels").deepCopy());
        ep.put("etag", "1");
        operation(x, ep, () -> {
            endpoints.put(id, ep);
            ObjectNode response = ep.deepCopy();
            response.put("@type", "type.googleapis.com/google.cloud.aiplatform.v1.Endpoint");
            return JSON.createObjectNode().set("response", response);
        });
    }

    private void deploy(HttpExchange x, ObjectNode ep) throws IOException {
        JsonNode b = body(x);
        JsonNode dm = b.path("deployedModel");
        JsonNode r = dm.path("dedicatedResources");
        String bad = null;
        if (!MODEL.matcher(dm.path("model").asText()).matches()) bad = "deployedModel.model is not a model resource name";
        else if (r.path("machineSpec").path("machineType").asText().isEmpty()) bad = "machineSpec.machineType is required";
        else if (r.path("minReplicaCount").asInt() < 1 || r.path("maxReplicaCount").asInt() < r.path("minReplicaCount").asInt()) {
            bad = "replica counts are invalid";
        }
        if (bad != null) {
            error(x, 400, "INVALID_ARGUMENT", bad);
            return;
        }
        operation(x, ep, () -> {
            if (dm.path("model").asText().contains("/models/missing")) return failed(5, "Model " + dm.path("model").asText() + " not found.");
            String id = Long.toString(ids.incrementAndGet());
            ObjectNode deployed = dm.deepCopy();
            deployed.put("id", id).put("createTime", "2026-11-23T00:00:00Z");
            deployed.putObject("status").put("availableReplicaCount", r.path("minReplicaCount").asInt());
            ObjectNode split = JSON.createObjectNode();
            b.path("trafficSplit").properties().forEach(e -> split.put(e.getKey().equals("0") ? id : e.getKey(), e.getValue().asInt()));
            ArrayNode models = ep.withArray("deployedModels");
            models.add(deployed);
            if (!split.isEmpty()) {
                String problem = checkSplit(ep, split);
                if (problem != null) {
                    models.remove(models.size() - 1);
                    return failed(3, problem);
                }
                ep.set("trafficSplit", split);
            }
            return JSON.createObjectNode().set("response", JSON.createObjectNode().set("deployedModel", deployed));
        });
    }

    private void undeploy(HttpExchange x, ObjectNode ep) throws IOException {
        JsonNode b = body(x);
        String id = b.path("deployedModelId").asText();
        operation(x, ep, () -> {
            ArrayNode models = ep.withArray("deployedModels");
            int index = -1;
            for (int i = 0; i < models.size(); i++) {
                if (models.get(i).path("id").asText().equals(id)) index = i;
            }
            if (index < 0) return failed(5, "Deployed model " + id + " not found on the endpoint.");
            ObjectNode split = ep.path("trafficSplit").isObject() ? ((ObjectNode) ep.path("trafficSplit")).deepCopy()
                    : JSON.createObjectNode();
            if (b.path("trafficSplit").size() > 0) split = b.path("trafficSplit").deepCopy();
            if (models.size() == 1) {
                split = JSON.createObjectNode(); // the last one: the split ends up empty
            } else if (split.path(id).asInt(0) > 0) {
                return failed(9, "Deployed model " + id + " still has traffic; give it to others in trafficSplit.");
            }
            models.remove(index);
            split.remove(id);
            String problem = models.isEmpty() ? null : checkSplit(ep, split);
            if (problem != null) {
                return failed(3, problem);
            }
            ep.set("trafficSplit", split);
            return JSON.createObjectNode();
        });
    }

    private void mutate(HttpExchange x, ObjectNode ep) throws IOException {
        JsonNode b = body(x);
        String mask = b.path("updateMask").asText();
        if (!mask.contains("dedicated_resources.min_replica_count")) {
            error(x, 400, "INVALID_ARGUMENT", "updateMask must name the fields to change, got '" + mask + "'");
            return;
        }
        String id = b.path("deployedModel").path("id").asText();
        JsonNode wanted = b.path("deployedModel").path("dedicatedResources");
        operation(x, ep, () -> {
            for (JsonNode dm : ep.path("deployedModels")) {
                if (!dm.path("id").asText().equals(id)) continue;
                ObjectNode r = (ObjectNode) dm.path("dedicatedResources");
                if (mask.contains("dedicated_resources.min_replica_count")) r.put("minReplicaCount", wanted.path("minReplicaCount").asInt());
                if (mask.contains("dedicated_resources.max_replica_count")) r.put("maxReplicaCount", wanted.path("maxReplicaCount").asInt());
                ((ObjectNode) dm).putObject("status").put("availableReplicaCount", r.path("minReplicaCount").asInt());
                return JSON.createObjectNode();
            }
            return failed(5, "Deployed model " + id + " not found.");
        });
    }

    private void patch(HttpExchange x, ObjectNode ep) throws IOException {
        String mask = query(x).getOrDefault("updateMask", "");
        JsonNode b = body(x);
        for (String field : mask.split(",")) {
            switch (field) {
                case "traffic_split" -> {
                    String problem = checkSplit(ep, b.path("trafficSplit"));
                    if (problem != null) {
                        error(x, 400, "INVALID_ARGUMENT", problem);
                        return;
                    }
                }
                case "labels" -> {
                    Iterator<Map.Entry<String, JsonNode>> it = b.path("labels").properties().iterator();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> l = it.next();
                        if (!l.getKey().matches("[a-z][a-z0-9_-]{0,62}") || !l.getValue().asText().matches("[a-z0-9_-]{0,63}")) {
                            error(x, 400, "INVALID_ARGUMENT", "invalid label " + l.getKey() + "=" + l.getValue().asText());
                            return;
                        }
                    }
                }
                default -> {
                    error(x, 400, "INVALID_ARGUMENT", "unsupported updateMask field '" + field + "'");
                    return;
                }
            }
        }
        if (mask.contains("traffic_split")) ep.set("trafficSplit", b.path("trafficSplit").deepCopy());
        if (mask.contains("labels")) ep.set("labels", b.path("labels").deepCopy());
        json(x, 200, ep);
    }

    private static String checkSplit(JsonNode ep, JsonNode split) {
        int sum = 0;
        for (Map.Entry<String, JsonNode> e : split.properties()) {
            boolean known = false;
            for (JsonNode dm : ep.path("deployedModels")) known |= dm.path("id").asText().equals(e.getKey());
            if (!known) return "trafficSplit names " + e.getKey() + ", which is not deployed on the endpoint";
            sum += e.getValue().asInt();
        }
        return sum == 100 ? null : "trafficSplit must sum to 100, got " + sum;
    }

    private void operation(HttpExchange x, ObjectNode ep, Supplier<ObjectNode> action) throws IOException {
        String name = ep.path("name").asText() + "/operations/" + ids.incrementAndGet();
        operations.put(name, () -> {
            synchronized (this) {
                return action.get();
            }
        });
        ObjectNode op = JSON.createObjectNode().put("name", name);
        op.putObject("metadata").put("@type", "type.googleapis.com/google.cloud.aiplatform.v1.GenericOperationMetadata");
        json(x, 200, op);
    }

    private static ObjectNode failed(int code, String message) {
        ObjectNode r = JSON.createObjectNode();
        r.putObject("error").put("code", code).put("message", message);
        return r;
    }
}
