package org.aegisml.provider.azure.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Azure Resource Manager and Entra ID, faked over HTTPS on a free loopback port: the client
 * credentials token endpoint ({@code /{tenant}/oauth2/v2.0/token}), a workspace, online
 * endpoints and deployments (PUT, GET, PATCH, DELETE as the 2024-04-01 REST reference describes
 * them, with their long-running operations answering 201/202 and an {@code Azure-AsyncOperation}
 * and {@code Location} to poll), and the Cost Management query over seeded usage. State is in
 * memory. Every ARM request must carry a bearer token this fake issued and the api-version;
 * anything else is refused and recorded in {@link #violations()}.
 */
final class FakeArm implements AutoCloseable {
    static final String TENANT = "aegis-tenant";
    static final String CLIENT_ID = "aegis-client";
    static final String CLIENT_SECRET = "fake-client-secret";
    static final String LOCATION = "westeurope";
    static final String API = "2024-04-01";
    static final String COST_API = "2023-11-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WS = "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces/([^/]+)";
    private static final Pattern WORKSPACE = Pattern.compile(WS + "$");
    private static final Pattern ENDPOINT = Pattern.compile(WS + "/onlineEndpoints/([^/]+)$");
    private static final Pattern DEPLOYMENTS = Pattern.compile(WS + "/onlineEndpoints/([^/]+)/deployments$");
    private static final Pattern DEPLOYMENT = Pattern.compile(WS + "/onlineEndpoints/([^/]+)/deployments/([^/]+)$");
    private static final Pattern OPERATION = Pattern.compile(
            "^/subscriptions/[^/]+/providers/Microsoft\\.MachineLearningServices/locations/[^/]+/(mfeOperationsStatus|mfeOperationResults)/([^/]+)$");
    private static final Pattern COST = Pattern.compile("^/subscriptions/([^/]+)/providers/Microsoft\\.CostManagement/query$");
    private static final Pattern TOKEN = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
    private static final Pattern DEPLOYMENT_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,31}");

    /** One day's cost of one resource for one service (meter category), with the resource's tags. */
    record Usage(LocalDate day, String resourceId, String service, Map<String, String> tags, double cost) {
    }

    /** A request as received (ARM only). */
    record Call(String method, String path, JsonNode body) {
    }

    private final HttpsServer server;
    final String subscription;
    final String resourceGroup;
    final String workspace;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> deployments = new LinkedHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final List<Usage> usage = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Cost query answers are cut into pages of this many rows (nextLink). */
    volatile int costPageSize = 3;

    private static final class Operation {
        int pollsLeft = 1;
        Runnable done;
        String error;
        boolean finished;
    }

    FakeArm(String subscription, String resourceGroup, String workspace) throws Exception {
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
        this.workspace = workspace;
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Tls.server()));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    int tokensIssued() {
        return tokens.size();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long count(String method, String pathSuffix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().endsWith(pathSuffix)).count();
    }

    void addUsage(Usage u) {
        usage.add(u);
    }

    synchronized ObjectNode endpoint(String name) {
        ObjectNode e = endpoints.get(name);
        return e == null ? null : e.deepCopy();
    }

    synchronized ObjectNode deployment(String endpoint, String name) {
        Map<String, ObjectNode> m = deployments.get(endpoint);
        ObjectNode d = m == null ? null : m.get(name);
        return d == null ? null : d.deepCopy();
    }

    synchronized Map<String, Integer> traffic(String endpoint) {
        Map<String, Integer> t = new HashMap<>();
        ObjectNode e = endpoints.get(endpoint);
        if (e == null) return null;
        e.path("properties").path("traffic").fields().forEachRemaining(f -> t.put(f.getKey(), f.getValue().asInt()));
        return t;
    }

    synchronized Set<String> deploymentNames(String endpoint) {
        Map<String, ObjectNode> m = deployments.get(endpoint);
        return m == null ? Set.of() : Set.copyOf(m.keySet());
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            URI uri = ex.getRequestURI();
            String path = uri.getRawPath();
            String method = ex.getRequestMethod();
            byte[] raw;
            try (InputStream in = ex.getRequestBody()) {
                raw = in.readAllBytes();
            }
            Matcher t = TOKEN.matcher(path);
            if (t.matches() && method.equals("POST")) {
                token(ex, t.group(1), new String(raw, StandardCharsets.UTF_8));
                return;
            }
            if (!path.startsWith("/subscriptions/")) {
                violations.add("unexpected request " + method + " " + uri);
                send(ex, 404, error("NotFound", "the fake does not serve " + path), Map.of());
                return;
            }
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            calls.add(new Call(method, path, body));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                violations.add(method + " " + path + " without a bearer token the fake issued");
                send(ex, 401, error("AuthenticationFailed", "no valid bearer token"), Map.of());
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            String want = COST.matcher(path).matches() ? COST_API : API;
            if (!want.equals(query.get("api-version"))) {
                violations.add(method + " " + path + " with api-version " + query.get("api-version"));
                send(ex, 400, error("MissingApiVersionParameter", "api-version " + want + " expected"), Map.of());
                return;
            }
            route(ex, method, path, body, query);
        } catch (RuntimeException e) {
            violations.add("fake failed: " + e);
            send(ex, 500, error("InternalServerError", String.valueOf(e)), Map.of());
        }
    }

    private void token(HttpExchange ex, String tenant, String form) throws IOException {
        Map<String, String> f = query(form);
        if (!TENANT.equals(tenant) || !CLIENT_ID.equals(f.get("client_id")) || !CLIENT_SECRET.equals(f.get("client_secret"))
                || !"client_credentials".equals(f.get("grant_type"))) {
            ObjectNode e = JSON.createObjectNode().put("error", "invalid_client")
                    .put("error_description", "AADSTS7000215: Invalid client secret provided.");
            send(ex, 401, e, Map.of());
            return;
        }
        String token = "fake-arm-token-" + ids.incrementAndGet();
        tokens.add(token);
        ObjectNode r = JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", 3600)
                .put("ext_expires_in", 3600).put("access_token", token);
        send(ex, 200, r, Map.of());
    }

    private synchronized void route(HttpExchange ex, String method, String path, JsonNode body, Map<String, String> query)
            throws IOException {
        Matcher m;
        if ((m = OPERATION.matcher(path)).matches()) {
            operation(ex, m.group(1).equals("mfeOperationsStatus"), m.group(2));
        } else if ((m = COST.matcher(path)).matches() && method.equals("POST")) {
            cost(ex, body, query);
        } else if ((m = WORKSPACE.matcher(path)).matches() && method.equals("GET")) {
            if (!ours(m)) {
                send(ex, 404, error("ResourceNotFound", "workspace not found"), Map.of());
                return;
            }
            ObjectNode w = JSON.createObjectNode().put("id", path).put("name", workspace).put("location", LOCATION)
                    .put("type", "Microsoft.MachineLearningServices/workspaces");
            send(ex, 200, w, Map.of());
        } else if ((m = ENDPOINT.matcher(path)).matches() && ours(m)) {
            endpointCall(ex, method, path, m.group(4), body);
        } else if ((m = DEPLOYMENTS.matcher(path)).matches() && ours(m) && method.equals("GET")) {
            if (!endpoints.containsKey(m.group(4))) {
                send(ex, 404, error("ResourceNotFound", "endpoint not found"), Map.of());
                return;
            }
            // One deployment per page, so that every listing follows nextLink.
            List<ObjectNode> all = new ArrayList<>(deployments.getOrDefault(m.group(4), Map.of()).values());
            int skip = query.containsKey("$skipToken") ? Integer.parseInt(query.get("$skipToken")) : 0;
            ObjectNode list = JSON.createObjectNode();
            ArrayNode v = list.putArray("value");
            if (skip < all.size()) v.add(all.get(skip));
            if (skip + 1 < all.size()) {
                list.put("nextLink", url() + path + "?api-version=" + API + "&$skipToken=" + (skip + 1));
            }
            send(ex, 200, list, Map.of());
        } else if ((m = DEPLOYMENT.matcher(path)).matches() && ours(m)) {
            deploymentCall(ex, method, path, m.group(4), m.group(5), body);
        } else {
            violations.add("unexpected ARM request " + method + " " + path);
            send(ex, 404, error("NotFound", "the fake does not serve " + method + " " + path), Map.of());
        }
    }

    private boolean ours(Matcher m) {
        return m.group(1).equals(subscription) && m.group(2).equalsIgnoreCase(resourceGroup)
                && m.group(3).equalsIgnoreCase(workspace);
    }

    private void endpointCall(HttpExchange ex, String method, String path, String name, JsonNode body) throws IOException {
        ObjectNode existing = endpoints.get(name);
        switch (method) {
        case "GET" -> {
            if (existing == null) send(ex, 404, error("ResourceNotFound", "online endpoint " + name + " not found"), Map.of());
            else send(ex, 200, existing, Map.of());
        }
        case "PUT" -> {
            String bad = checkEndpointBody(name, body);
            if (bad != null) {
                send(ex, 400, error("BadArgument", bad), Map.of());
                return;
            }
            ObjectNode e = ((ObjectNode) body).deepCopy();
            e.put("id", path).put("name", name).put("type", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints");
            ObjectNode identity = (ObjectNode) e.get("identity");
            if (identity != null) identity.put("principalId", "00000000-0000-0000-0000-000000000001").put("tenantId", TENANT);
            ObjectNode props = (ObjectNode) e.get("properties");
            props.put("scoringUri", "https://" + name + "." + LOCATION + ".inference.ml.azure.com/score");
            if (!props.has("traffic")) props.putObject("traffic");
            ObjectNode stored = existing == null ? e : existing;
            // The new traffic applies when the operation completes; meanwhile the endpoint is updating.
            if (existing == null) {
                props.put("provisioningState", "Creating");
                endpoints.put(name, e);
                deployments.put(name, new LinkedHashMap<>());
            } else {
                ((ObjectNode) existing.get("properties")).put("provisioningState", "Updating");
            }
            lro(ex, existing == null ? 201 : 200, stored, () -> {
                props.put("provisioningState", "Succeeded");
                endpoints.put(name, e);
            }, null);
        }
        case "PATCH" -> {
            if (existing == null) {
                send(ex, 404, error("ResourceNotFound", "online endpoint " + name + " not found"), Map.of());
                return;
            }
            for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("tags") && !f.equals("identity")) {
                    violations.add("PATCH of endpoint " + name + " with '" + f + "': the API takes only tags and identity");
                    send(ex, 400, error("BadArgument", "'" + f + "' cannot be patched"), Map.of());
                    return;
                }
            }
            if (body.has("tags")) existing.set("tags", body.get("tags"));
            lro(ex, 202, existing, () -> { }, null);
        }
        case "DELETE" -> {
            if (existing == null) {
                send(ex, 204, null, Map.of());
                return;
            }
            ((ObjectNode) existing.get("properties")).put("provisioningState", "Deleting");
            lro(ex, 202, null, () -> {
                endpoints.remove(name);
                deployments.remove(name);
            }, null);
        }
        default -> send(ex, 405, error("MethodNotAllowed", method), Map.of());
        }
    }

    private String checkEndpointBody(String name, JsonNode body) {
        if (body == null || !body.isObject()) return "a JSON body is required";
        if (!body.path("location").isTextual()) return "location is required";
        JsonNode props = body.path("properties");
        if (!props.isObject()) return "properties is required";
        if (!Set.of("Key", "AMLToken", "AADToken").contains(props.path("authMode").asText())) return "properties.authMode is required";
        for (String ro : List.of("provisioningState", "scoringUri", "swaggerUri")) {
            if (props.has(ro)) violations.add("PUT of endpoint " + name + " carries read-only property " + ro);
        }
        int sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = props.path("traffic").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> t = it.next();
            if (!t.getValue().isInt() || t.getValue().asInt() < 0) return "traffic of " + t.getKey() + " must be a percentage";
            if (t.getValue().asInt() > 0 && !deployments.getOrDefault(name, Map.of()).containsKey(t.getKey())) {
                return "traffic to deployment " + t.getKey() + ", which does not exist";
            }
            sum += t.getValue().asInt();
        }
        if (sum != 0 && sum != 100) return "traffic must add up to 0 or 100, not " + sum;
        return null;
    }

    private void deploymentCall(HttpExchange ex, String method, String path, String endpoint, String name, JsonNode body)
            throws IOException {
        if (!endpoints.containsKey(endpoint)) {
            send(ex, 404, error("ResourceNotFound", "online endpoint " + endpoint + " not found"), Map.of());
            return;
        }
        Map<String, ObjectNode> all = deployments.get(endpoint);
        ObjectNode existing = all.get(name);
        switch (method) {
        case "GET" -> {
            if (existing == null) send(ex, 404, error("ResourceNotFound", "deployment " + name + " not found"), Map.of());
            else send(ex, 200, existing, Map.of());
        }
        case "PUT" -> {
            String bad = checkDeploymentBody(name, body);
            if (bad != null) {
                send(ex, 400, error("BadArgument", bad), Map.of());
                return;
            }
            ObjectNode d = ((ObjectNode) body).deepCopy();
            d.put("id", path).put("name", name).put("type", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments");
            ObjectNode props = (ObjectNode) d.get("properties");
            props.put("provisioningState", existing == null ? "Creating" : "Updating");
            all.put(name, d);
            // A model named "broken" fails to provision, as a missing model or quota would.
            String fail = props.path("model").asText().contains("broken")
                    ? "ModelNotFound: model " + props.path("model").asText() + " could not be found" : null;
            lro(ex, existing == null ? 201 : 200, d, () -> props.put("provisioningState", fail == null ? "Succeeded" : "Failed"),
                    fail);
        }
        case "PATCH" -> {
            if (existing == null) {
                send(ex, 404, error("ResourceNotFound", "deployment " + name + " not found"), Map.of());
                return;
            }
            for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("tags") && !f.equals("sku")) {
                    violations.add("PATCH of deployment " + name + " with '" + f + "': the API takes only sku and tags");
                    send(ex, 400, error("BadArgument", "'" + f + "' cannot be patched"), Map.of());
                    return;
                }
            }
            int capacity = body.path("sku").path("capacity").asInt(-1);
            if (body.path("sku").has("capacity") && capacity < 1) {
                send(ex, 400, error("BadArgument", "sku.capacity must be at least 1"), Map.of());
                return;
            }
            ((ObjectNode) existing.get("properties")).put("provisioningState", "Updating");
            lro(ex, 202, null, () -> {
                if (capacity > 0) ((ObjectNode) existing.get("sku")).put("capacity", capacity);
                if (body.has("tags")) existing.set("tags", body.get("tags"));
                ((ObjectNode) existing.get("properties")).put("provisioningState", "Succeeded");
            }, null);
        }
        case "DELETE" -> {
            if (existing == null) {
                send(ex, 204, null, Map.of());
                return;
            }
            int traffic = endpoints.get(endpoint).path("properties").path("traffic").path(name).asInt(0);
            if (traffic > 0) {
                send(ex, 400, error("BadArgument", "deployment " + name + " still receives " + traffic + "% of traffic"),
                        Map.of());
                return;
            }
            ((ObjectNode) existing.get("properties")).put("provisioningState", "Deleting");
            lro(ex, 202, null, () -> all.remove(name), null);
        }
        default -> send(ex, 405, error("MethodNotAllowed", method), Map.of());
        }
    }

    private String checkDeploymentBody(String name, JsonNode body) {
        if (!DEPLOYMENT_NAME.matcher(name).matches()) return "invalid deployment name " + name;
        if (body == null || !body.isObject()) return "a JSON body is required";
        if (!body.path("location").isTextual()) return "location is required";
        JsonNode props = body.path("properties");
        if (!"Managed".equals(props.path("endpointComputeType").asText())) return "properties.endpointComputeType must be Managed";
        if (props.path("model").asText().isBlank()) return "properties.model is required";
        if (props.path("instanceType").asText().isBlank()) return "properties.instanceType is required";
        if (body.path("sku").path("capacity").asInt(0) < 1) return "sku.capacity must be at least 1";
        return null;
    }

    /** Answers a long-running operation: the resource (if any) with both poll headers; done after one poll. */
    private void lro(HttpExchange ex, int status, JsonNode resource, Runnable done, String error) throws IOException {
        String id = "op-" + ids.incrementAndGet();
        Operation op = new Operation();
        op.done = done;
        op.error = error;
        operations.put(id, op);
        String base = url() + "/subscriptions/" + subscription + "/providers/Microsoft.MachineLearningServices/locations/"
                + LOCATION;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Azure-AsyncOperation", base + "/mfeOperationsStatus/" + id + "?api-version=" + API);
        h.put("Location", base + "/mfeOperationResults/" + id + "?api-version=" + API);
        h.put("Retry-After", "0");
        send(ex, status == 200 ? 201 : status, resource, h);
    }

    private void operation(HttpExchange ex, boolean statusForm, String id) throws IOException {
        Operation op = operations.get(id);
        if (op == null) {
            send(ex, 404, error("NotFound", "operation " + id), Map.of());
            return;
        }
        if (op.pollsLeft > 0) {
            op.pollsLeft--;
            if (statusForm) send(ex, 200, JSON.createObjectNode().put("status", "InProgress"), Map.of("Retry-After", "0"));
            else send(ex, 202, null, Map.of("Retry-After", "0"));
            return;
        }
        if (!op.finished) {
            op.finished = true;
            op.done.run();
        }
        if (op.error != null) {
            ObjectNode r = JSON.createObjectNode().put("status", "Failed");
            String[] ce = op.error.split(": ", 2);
            r.putObject("error").put("code", ce[0]).put("message", ce[1]);
            send(ex, statusForm ? 200 : 400, r, Map.of());
        } else if (statusForm) {
            send(ex, 200, JSON.createObjectNode().put("status", "Succeeded"), Map.of());
        } else {
            send(ex, 204, null, Map.of());
        }
    }

    /**
     * The query API over the seeded usage: ActualCost, Daily, at most two groupings (Dimension
     * ResourceId, TagKey), columns Cost, UsageDate, the groupings (Dimension ResourceId or
     * ServiceName; a TagKey gives TagKey and TagValue), Currency; pages of {@link #costPageSize} rows linked by {@code nextLink}.
     */
    private void cost(HttpExchange ex, JsonNode body, Map<String, String> query) throws IOException {
        if (!"ActualCost".equals(body.path("type").asText()) || !"Custom".equals(body.path("timeframe").asText())
                || !"Daily".equals(body.path("dataset").path("granularity").asText())) {
            send(ex, 400, error("BadRequest", "the fake answers ActualCost, Custom, Daily queries"), Map.of());
            return;
        }
        JsonNode grouping = body.path("dataset").path("grouping");
        if (grouping.size() > 2) {
            violations.add("cost query with " + grouping.size() + " groupings");
            send(ex, 400, error("BadRequest", "Invalid query definition: dataset may have at most 2 groupings"), Map.of());
            return;
        }
        LocalDate from = LocalDate.parse(body.path("timePeriod").path("from").asText().substring(0, 10));
        LocalDate to = LocalDate.parse(body.path("timePeriod").path("to").asText().substring(0, 10));
        Map<List<Object>, Double> sums = new LinkedHashMap<>();
        for (Usage u : usage) {
            if (u.day().isBefore(from) || u.day().isAfter(to)) continue;
            List<Object> key = new ArrayList<>();
            key.add(Long.parseLong(u.day().format(DateTimeFormatter.BASIC_ISO_DATE)));
            for (JsonNode g : grouping) {
                String n = g.path("name").asText();
                if (g.path("type").asText().equals("TagKey")) {
                    String v = u.tags().get(n);
                    key.add(v == null ? "" : n);
                    key.add(v == null ? "" : v);
                } else if (n.equals("ResourceId")) {
                    // Cost Management answers resource ids in lower case.
                    key.add(u.resourceId().toLowerCase());
                } else if (n.equals("ServiceName")) {
                    key.add(u.service());
                } else {
                    send(ex, 400, error("BadRequest", "the fake groups by ResourceId, ServiceName and TagKey only"), Map.of());
                    return;
                }
            }
            sums.merge(key, u.cost(), Double::sum);
        }
        List<ArrayNode> rows = new ArrayList<>();
        sums.forEach((k, c) -> {
            ArrayNode row = JSON.createArrayNode();
            row.add(c);
            for (Object o : k) {
                if (o instanceof Long l) row.add(l);
                else row.add((String) o);
            }
            row.add("EUR");
            rows.add(row);
        });
        int skip = query.containsKey("$skiptoken") ? Integer.parseInt(query.get("$skiptoken")) : 0;
        int end = Math.min(rows.size(), skip + costPageSize);
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "subscriptions/" + subscription + "/providers/Microsoft.CostManagement/query/q-" + ids.incrementAndGet());
        ObjectNode props = r.putObject("properties");
        props.put("nextLink", end < rows.size() ? url() + "/subscriptions/" + subscription
                + "/providers/Microsoft.CostManagement/query?api-version=" + COST_API + "&$skiptoken=" + end : null);
        ArrayNode cols = props.putArray("columns");
        cols.addObject().put("name", "Cost").put("type", "Number");
        cols.addObject().put("name", "UsageDate").put("type", "Number");
        for (JsonNode g : grouping) {
            if (g.path("type").asText().equals("TagKey")) {
                cols.addObject().put("name", "TagKey").put("type", "String");
                cols.addObject().put("name", "TagValue").put("type", "String");
            } else {
                cols.addObject().put("name", g.path("name").asText()).put("type", "String");
            }
        }
        cols.addObject().put("name", "Currency").put("type", "String");
        ArrayNode out = props.putArray("rows");
        for (ArrayNode row : rows.subList(skip, end)) out.add(row);
        send(ex, 200, r, Map.of());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("code", code).put("message", message);
        return e;
    }

    private static void send(HttpExchange ex, int status, JsonNode body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
