package org.aegisml.provider.azure.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostTags;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code azure-ml}: versions as managed online deployments of an Azure Machine Learning online
 * endpoint, one deployment per version ({@link Names#deployment}), traffic in the endpoint's
 * {@code properties.traffic}, replicas in the deployment's {@code sku.capacity}. Backend options:
 * {@code model} (required: an {@code azureml:} model asset or its ARM id), {@code environment}
 * (optional, likewise; not needed for MLflow models), {@code instance_type} (default
 * {@value #DEFAULT_INSTANCE_TYPE}) and {@code endpoint}.
 * <p>
 * Traffic changes are a PUT of the whole endpoint (its PATCH takes only tags and identity); scale
 * is a PATCH of the deployment's sku. Each change is followed as Azure's long-running operation
 * for at most {@code operationTimeoutSeconds}; past that the call answers with the status as it
 * is (the change was accepted; {@link #status} tells when it is done). ARM reports no count of
 * ready instances: a deployment whose provisioning succeeded counts all its instances ready.
 */
@Component(service = ModelHost.class, configurationPid = Azure.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { Provider.PROPERTY + "=" + Azure.NAME, "type=" + AzureMlHost.TYPE })
public final class AzureMlHost implements ModelHost {
    static final String TYPE = "azure-ml";
    static final String MODEL = "model";
    static final String ENVIRONMENT = "environment";
    static final String INSTANCE_TYPE = "instance_type";
    static final String DEFAULT_INSTANCE_TYPE = "Standard_DS3_v2";
    static final Set<String> OPTIONS = Set.of(MODEL, ENVIRONMENT, INSTANCE_TYPE, ENDPOINT_OPTION);
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** Read-only endpoint properties that a PUT must not carry back. */
    private static final List<String> READ_ONLY = List.of("provisioningState", "scoringUri", "swaggerUri");

    private final Workspace ws;

    @Activate
    public AzureMlHost(AzureConfig config) {
        this(new Workspace(config));
    }

    AzureMlHost(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Backend backend) {
        if (backend == null) throw new ValidationException("backend", "backend is required");
        for (Map.Entry<String, String> o : backend.options().entrySet()) {
            if (!OPTIONS.contains(o.getKey())) {
                throw new ValidationException("backend.options." + o.getKey(), "unknown option '" + o.getKey()
                        + "' for an " + TYPE + " backend; allowed: " + String.join(", ", new TreeSet<>(OPTIONS)));
            }
        }
        String model = backend.options().get(MODEL);
        if (model == null || model.isBlank()) {
            throw new ValidationException("backend.options." + MODEL, "backend.options.model is required: an Azure ML model"
                    + " asset (azureml:name:version, azureml://registries/...) or its ARM id (/subscriptions/...)");
        }
        asset(MODEL, model);
        String env = backend.options().get(ENVIRONMENT);
        if (env != null && !env.isBlank()) asset(ENVIRONMENT, env);
        String it = backend.options().get(INSTANCE_TYPE);
        if (it != null && !INSTANCE.matcher(it).matches()) {
            throw new ValidationException("backend.options." + INSTANCE_TYPE, "'" + it
                    + "' is not an Azure VM size such as " + DEFAULT_INSTANCE_TYPE);
        }
        String ep = backend.options().get(ENDPOINT_OPTION);
        if (ep != null && !ep.isBlank() && !Names.validEndpoint(ep)) {
            throw new ValidationException("backend.options." + ENDPOINT_OPTION, endpointRule(ep));
        }
    }

    private static void asset(String option, String value) {
        String v = value.strip();
        if (!v.startsWith("azureml:") && !v.startsWith("/subscriptions/")) {
            throw new ValidationException("backend.options." + option, "backend.options." + option + " must be an Azure ML"
                    + " asset (azureml:...) or an ARM id (/subscriptions/...), got '" + value + "'");
        }
    }

    private static String endpointRule(String name) {
        return "'" + name + "' is not a valid Azure ML online endpoint name: 3 to 32 letters, digits or '-',"
                + " starting with a letter and not ending with '-'";
    }

    private static void checkEndpoint(String endpoint) {
        if (!Names.validEndpoint(endpoint)) throw new ValidationException("endpoint", endpointRule(endpoint));
    }

    @Override
    public HostStatus deploy(Placement placement) {
        validate(placement.backend());
        String endpoint = placement.endpoint();
        checkEndpoint(endpoint);
        String name = Names.deployment(placement.version());
        JsonNode ep = ws.arm.get(ws.endpointPath(endpoint), ws.apiVersion());
        if (ep == null) {
            Arm.Reply r = ws.arm.call(HttpMethod.PUT, ws.endpointPath(endpoint), ws.apiVersion(), newEndpoint(placement));
            if (!ws.arm.await(r, "creation of online endpoint " + endpoint)) return status(endpoint);
        }
        if (ws.arm.get(ws.deploymentPath(endpoint, name), ws.apiVersion()) == null) {
            Arm.Reply r = ws.arm.call(HttpMethod.PUT, ws.deploymentPath(endpoint, name), ws.apiVersion(),
                    newDeployment(placement));
            if (!ws.arm.await(r, "creation of deployment " + name + " on " + endpoint)) return status(endpoint);
        }
        // A new endpoint's first version takes all traffic; Azure cannot route to a deployment
        // before it exists, so this is a second step.
        ep = existing(endpoint);
        Map<String, Integer> traffic = traffic(ep);
        if (traffic.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            List<JsonNode> deployments = ws.deployments(endpoint);
            if (deployments.size() == 1 && name.equals(deployments.get(0).path("name").asText())) {
                putTraffic(endpoint, ep, Map.of(name, 100));
            }
        }
        return status(endpoint);
    }

    private ObjectNode newEndpoint(Placement p) {
        ObjectNode body = Arm.JSON.createObjectNode();
        body.put("location", ws.location());
        body.putObject("identity").put("type", "SystemAssigned");
        ObjectNode tags = body.putObject("tags");
        if (p.project() != null) tags.put(CostTags.PROJECT, p.project());
        tags.put(CostTags.MODEL, p.version().name());
        tags.put(CostTags.ENDPOINT, p.endpoint());
        ObjectNode props = body.putObject("properties");
        props.put("authMode", "Key");
        props.put("description", "AegisML endpoint " + p.endpoint());
        return body;
    }

    private ObjectNode newDeployment(Placement p) {
        Map<String, String> o = p.backend().options();
        ObjectNode body = Arm.JSON.createObjectNode();
        body.put("location", ws.location());
        ObjectNode tags = body.putObject("tags");
        if (p.project() != null) tags.put(CostTags.PROJECT, p.project());
        tags.put(CostTags.MODEL, p.version().name());
        tags.put(CostTags.VERSION, Integer.toString(p.version().version()));
        tags.put(CostTags.ENDPOINT, p.endpoint());
        body.putObject("sku").put("name", "Default").put("capacity", p.replicas());
        ObjectNode props = body.putObject("properties");
        props.put("endpointComputeType", "Managed");
        props.put("description", "AegisML " + p.version());
        props.put("model", o.get(MODEL).strip());
        String env = o.get(ENVIRONMENT);
        if (env != null && !env.isBlank()) props.put("environmentId", env.strip());
        String it = o.get(INSTANCE_TYPE);
        props.put("instanceType", it == null || it.isBlank() ? DEFAULT_INSTANCE_TYPE : it);
        props.putObject("scaleSettings").put("scaleType", "Default");
        return body;
    }

    @Override
    public HostStatus route(String endpoint, Map<VersionRef, Integer> weights) {
        checkEndpoint(endpoint);
        if (weights == null || weights.isEmpty()) throw new ValidationException("weights", "at least one version must be named");
        int sum = 0;
        for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
            if (w.getValue() == null || w.getValue() < 0 || w.getValue() > 100) {
                throw new ValidationException("weights", "the weight of " + w.getKey() + " must be 0 to 100");
            }
            sum += w.getValue();
        }
        if (sum != 100) throw new ValidationException("weights", "weights must sum to 100, not " + sum);
        JsonNode ep = existing(endpoint);
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode d : ws.deployments(endpoint)) names.add(d.path("name").asText());
        Map<String, Integer> wanted = new TreeMap<>();
        for (String n : names) wanted.put(n, 0);
        for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
            String n = Names.deployment(w.getKey());
            if (!names.contains(n)) {
                throw new ValidationException("weights", w.getKey() + " is not deployed on endpoint " + endpoint);
            }
            wanted.put(n, w.getValue());
        }
        if (!wanted.equals(withZeros(traffic(ep), names))) putTraffic(endpoint, ep, wanted);
        return status(endpoint);
    }

    private static Map<String, Integer> withZeros(Map<String, Integer> traffic, Set<String> names) {
        Map<String, Integer> m = new TreeMap<>();
        for (String n : names) m.put(n, traffic.getOrDefault(n, 0));
        return m;
    }

    /** PUT of the endpoint as it is with new traffic (the only way ARM changes it). */
    private void putTraffic(String endpoint, JsonNode ep, Map<String, Integer> traffic) {
        ObjectNode body = Arm.JSON.createObjectNode();
        body.put("location", ep.path("location").asText(ws.location()));
        if (ep.has("kind")) body.set("kind", ep.get("kind"));
        if (ep.has("tags")) body.set("tags", ep.get("tags"));
        JsonNode identity = ep.path("identity");
        if (identity.has("type")) {
            ObjectNode id = body.putObject("identity");
            id.set("type", identity.get("type"));
            if (identity.has("userAssignedIdentities")) {
                ObjectNode ua = id.putObject("userAssignedIdentities");
                for (Iterator<String> it = identity.get("userAssignedIdentities").fieldNames(); it.hasNext();) {
                    ua.putObject(it.next());
                }
            }
        }
        ObjectNode props = ep.path("properties").isObject() ? ((ObjectNode) ep.get("properties")).deepCopy()
                : Arm.JSON.createObjectNode();
        READ_ONLY.forEach(props::remove);
        ObjectNode t = props.putObject("traffic");
        traffic.forEach(t::put);
        body.set("properties", props);
        Arm.Reply r = ws.arm.call(HttpMethod.PUT, ws.endpointPath(endpoint), ws.apiVersion(), body);
        ws.arm.await(r, "traffic change on online endpoint " + endpoint);
    }

    @Override
    public HostStatus scale(String endpoint, VersionRef version, int replicas) {
        checkEndpoint(endpoint);
        if (replicas < 1) throw new ValidationException("replicas", "a managed online deployment needs at least 1 instance");
        String name = Names.deployment(version);
        JsonNode d = ws.arm.get(ws.deploymentPath(endpoint, name), ws.apiVersion());
        if (d == null) {
            existing(endpoint);
            throw new NotFoundException("version", version + " is not deployed on endpoint " + endpoint);
        }
        if (d.path("sku").path("capacity").asInt(-1) != replicas) {
            ObjectNode body = Arm.JSON.createObjectNode();
            body.putObject("sku").put("capacity", replicas);
            Arm.Reply r = ws.arm.call(HttpMethod.PATCH, ws.deploymentPath(endpoint, name), ws.apiVersion(), body);
            ws.arm.await(r, "scaling of deployment " + name + " on " + endpoint);
        }
        return status(endpoint);
    }

    @Override
    public HostStatus status(String endpoint) {
        checkEndpoint(endpoint);
        JsonNode ep = existing(endpoint);
        Map<String, Integer> traffic = traffic(ep);
        String state = ep.path("properties").path("provisioningState").asText("Unknown");
        List<String> events = new ArrayList<>();
        if (failed(state)) events.add("endpoint " + endpoint + ": provisioning " + state);
        List<HostStatus.Variant> variants = new ArrayList<>();
        boolean serving = false;
        for (JsonNode d : ws.deployments(endpoint)) {
            String name = d.path("name").asText();
            JsonNode tags = d.path("tags");
            VersionRef v = null;
            try {
                String model = tags.path(CostTags.MODEL).asText("");
                int number = Integer.parseInt(tags.path(CostTags.VERSION).asText(""));
                if (!model.isBlank() && number > 0) v = new VersionRef(AssetType.MODEL, model, number);
            } catch (NumberFormatException e) {
                v = null;
            }
            String dstate = d.path("properties").path("provisioningState").asText("Unknown");
            if (failed(dstate)) events.add("deployment " + name + ": provisioning " + dstate);
            if (v == null) {
                events.add("deployment " + name + " has no " + CostTags.MODEL + "/" + CostTags.VERSION
                        + " tags: not managed by AegisML");
                continue;
            }
            int capacity = d.path("sku").path("capacity").asInt(1);
            boolean ok = "Succeeded".equalsIgnoreCase(dstate);
            int weight = traffic.getOrDefault(name, 0);
            if (ok && weight > 0) serving = true;
            variants.add(new HostStatus.Variant(v, name, weight, capacity, ok ? capacity : 0, ok,
                    dstate + ", " + capacity + " x " + d.path("properties").path("instanceType").asText("?")));
        }
        return new HostStatus(endpoint, state, "Succeeded".equalsIgnoreCase(state) && serving, variants, events,
                Instant.now());
    }

    private static boolean failed(String state) {
        return state.equalsIgnoreCase("Failed") || state.equalsIgnoreCase("Canceled");
    }

    @Override
    public void undeploy(String endpoint, VersionRef version) {
        checkEndpoint(endpoint);
        JsonNode ep = ws.arm.get(ws.endpointPath(endpoint), ws.apiVersion());
        if (ep == null) return;
        String name = Names.deployment(version);
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode d : ws.deployments(endpoint)) names.add(d.path("name").asText());
        if (names.contains(name)) {
            int weight = traffic(ep).getOrDefault(name, 0);
            if (weight > 0) {
                if (names.size() > 1) {
                    throw new ConflictException("weights", version + " still answers " + weight + " % of endpoint "
                            + endpoint + "'s traffic; route it to the other versions before removing it");
                }
                putTraffic(endpoint, ep, Map.of());
            }
            Arm.Reply r = ws.arm.call(HttpMethod.DELETE, ws.deploymentPath(endpoint, name), ws.apiVersion(), null);
            // Still being deleted: the endpoint goes at the next call, Azure refuses it meanwhile.
            if (!ws.arm.await(r, "deletion of deployment " + name + " on " + endpoint)) return;
            names.remove(name);
        }
        if (names.isEmpty()) {
            Arm.Reply r = ws.arm.call(HttpMethod.DELETE, ws.endpointPath(endpoint), ws.apiVersion(), null);
            ws.arm.await(r, "deletion of online endpoint " + endpoint);
        }
    }

    private JsonNode existing(String endpoint) {
        JsonNode ep = ws.arm.get(ws.endpointPath(endpoint), ws.apiVersion());
        if (ep == null) {
            throw new NotFoundException("endpoint", "no Azure ML online endpoint " + endpoint + " in workspace "
                    + ws.config.workspace());
        }
        return ep;
    }

    private static Map<String, Integer> traffic(JsonNode ep) {
        Map<String, Integer> m = new TreeMap<>();
        JsonNode t = ep.path("properties").path("traffic");
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asInt(0));
        }
        return m;
    }
}
