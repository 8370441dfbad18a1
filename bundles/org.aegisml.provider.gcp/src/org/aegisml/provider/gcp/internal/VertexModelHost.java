package org.aegisml.provider.gcp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Placement;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.registry.VersionRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code vertex-ai}: versions run as deployed models of a Vertex AI endpoint, found by its
 * display name (or numeric id). A deployed model's display name is the version reference
 * ({@code models/churn/3}), which is how a version is found again; the endpoint's
 * {@code trafficSplit} (deployed model id to percent) carries the weights.
 * <p>
 * Cost labels: Vertex AI bills an endpoint's nodes with the endpoint's labels, and a deployed
 * model has none of its own. The endpoint carries {@code aegisml-project}, {@code -endpoint},
 * and {@code -model}/{@code -version} of the version holding the largest share of traffic,
 * updated with each change of weights; during a canary the spend of the smaller version is
 * therefore booked on the larger one. Values use {@link Labels}' label-safe form.
 */
@Component(service = ModelHost.class, configurationPid = GcpProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Provider.PROPERTY + "=" + GcpProvider.NAME)
public final class VertexModelHost implements ModelHost {
    static final String TYPE = "vertex-ai";
    private final GcpSettings settings;
    private final GcpHttp http;
    private final VertexApi api;

    @Activate
    public VertexModelHost(GcpConfig config) {
        this(GcpSettings.from(config), new Adc());
    }

    VertexModelHost(GcpSettings settings, Adc adc) {
        this.settings = settings;
        this.http = new GcpHttp(adc, settings.requestTimeout());
        this.api = new VertexApi(http, settings);
    }

    @Deactivate
    void deactivate() {
        http.close();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Backend backend) {
        VertexOptions.parse(backend, settings.project().isEmpty() ? "<project>" : settings.project(), settings.location());
    }

    @Override
    public HostStatus deploy(Placement placement) {
        requireProject();
        VertexOptions o = VertexOptions.parse(placement.backend(), settings.project(), settings.location());
        String name = placement.endpoint();
        VertexOptions.checkEndpoint(name, "endpoint");
        VersionRef version = placement.version();
        JsonNode ep = api.find(name).orElse(null);
        if (ep == null) ep = api.create(name, labels(Map.of(), placement.project(), version, name));
        if (deployed(ep, version) == null) {
            Map<String, Integer> split = split(ep);
            // "0" is the model being deployed; an endpoint serving nothing gives it all traffic.
            if (split.values().stream().mapToInt(Integer::intValue).sum() == 0) split = Map.of("0", 100);
            api.deployModel(ep, deployedModel(o, version, placement.replicas()), split);
            ep = api.reload(ep);
        }
        return status(name, ep);
    }

    @Override
    public HostStatus route(String endpoint, Map<VersionRef, Integer> weights) {
        requireProject();
        int sum = 0;
        for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
            if (w.getKey() == null || w.getValue() == null || w.getValue() < 0 || w.getValue() > 100) {
                throw new ValidationException("weights", "each weight is a version and a percentage from 0 to 100");
            }
            sum += w.getValue();
        }
        if (sum != 100) throw new ValidationException("weights", "the weights must sum to 100, not " + sum);
        JsonNode ep = api.get(endpoint);
        Map<String, Integer> split = new TreeMap<>();
        VersionRef largest = null;
        for (Map.Entry<VersionRef, Integer> w : weights.entrySet()) {
            JsonNode dm = deployed(ep, w.getKey());
            if (dm == null) {
                throw new ValidationException("weights", w.getKey() + " is not deployed on endpoint " + endpoint);
            }
            if (w.getValue() > 0) split.put(dm.path("id").asText(), w.getValue());
            if (largest == null || w.getValue() > weights.get(largest)
                    || (w.getValue().equals(weights.get(largest)) && w.getKey().version() > largest.version())) {
                largest = w.getKey();
            }
        }
        Map<String, String> current = labels(ep);
        Map<String, String> labels = labels(current, null, largest, null);
        if (!split.equals(new TreeMap<>(split(ep))) || !labels.equals(current)) ep = api.update(ep, split, labels);
        return status(endpoint, ep);
    }

    @Override
    public HostStatus scale(String endpoint, VersionRef version, int replicas) {
        requireProject();
        if (replicas < 1) throw new ValidationException("replicas", "replicas must be at least 1");
        JsonNode ep = api.get(endpoint);
        JsonNode dm = deployed(ep, version);
        if (dm == null) throw new NotFoundException("version", version + " is not deployed on endpoint " + endpoint);
        JsonNode r = dm.path("dedicatedResources");
        if (r.path("minReplicaCount").asInt() != replicas || r.path("maxReplicaCount").asInt() != replicas) {
            api.mutateReplicas(ep, dm, replicas, replicas);
            ep = api.reload(ep);
        }
        return status(endpoint, ep);
    }

    @Override
    public HostStatus status(String endpoint) {
        requireProject();
        return status(endpoint, api.get(endpoint));
    }

    @Override
    public void undeploy(String endpoint, VersionRef version) {
        requireProject();
        Optional<JsonNode> found = api.find(endpoint);
        if (found.isEmpty()) return;
        JsonNode ep = found.get();
        int models = ep.path("deployedModels").size();
        JsonNode dm = deployed(ep, version);
        if (dm == null) {
            // An earlier call may have undeployed the last version and failed before deleting the endpoint.
            if (models == 0) api.delete(ep);
            return;
        }
        String id = dm.path("id").asText();
        if (models == 1) {
            api.undeployModel(ep, id, Map.of());
            api.delete(ep);
            return;
        }
        // Vertex refuses to undeploy a model that still has traffic: its share goes to the largest other one.
        Map<String, Integer> split = new LinkedHashMap<>(split(ep));
        Integer freed = split.remove(id);
        if (freed != null && freed > 0) {
            String to = split.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElseGet(() -> otherId(ep, id));
            split.merge(to, freed, Integer::sum);
        }
        api.undeployModel(ep, id, split);
    }

    private void requireProject() {
        if (!settings.hasProject()) {
            throw new UnavailableException("project", "the GCP provider has no project: set 'project' in the "
                    + "configuration " + GcpProvider.PID);
        }
    }

    private static String otherId(JsonNode ep, String id) {
        for (JsonNode dm : ep.path("deployedModels")) {
            if (!dm.path("id").asText().equals(id)) return dm.path("id").asText();
        }
        throw new IllegalStateException("no other deployed model");
    }

    private static JsonNode deployed(JsonNode ep, VersionRef version) {
        for (JsonNode dm : ep.path("deployedModels")) {
            if (version.equals(VersionRef.parse(dm.path("displayName").asText()))) return dm;
        }
        return null;
    }

    /** The endpoint's split without zero shares, of models still deployed. */
    private static Map<String, Integer> split(JsonNode ep) {
        Map<String, Integer> split = new LinkedHashMap<>();
        for (JsonNode dm : ep.path("deployedModels")) {
            String id = dm.path("id").asText();
            int share = ep.path("trafficSplit").path(id).asInt(0);
            if (share > 0) split.put(id, share);
        }
        return split;
    }

    private static Map<String, String> labels(JsonNode ep) {
        Map<String, String> labels = new TreeMap<>();
        ep.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** {@code base} with the AegisML labels set; null arguments leave a label as it is. */
    private static Map<String, String> labels(Map<String, String> base, String project, VersionRef version, String endpoint) {
        Map<String, String> labels = new TreeMap<>(base);
        if (project != null) labels.put(Labels.PROJECT, Labels.value(project));
        if (version != null) {
            labels.put(Labels.MODEL, Labels.value(version.name()));
            labels.put(Labels.VERSION, Integer.toString(version.version()));
        }
        if (endpoint != null) labels.put(Labels.ENDPOINT, Labels.value(endpoint));
        return labels;
    }

    private static ObjectNode deployedModel(VertexOptions o, VersionRef version, int replicas) {
        ObjectNode dm = GcpHttp.JSON.createObjectNode().put("model", o.model()).put("displayName", version.toString());
        ObjectNode resources = dm.putObject("dedicatedResources");
        ObjectNode machine = resources.putObject("machineSpec").put("machineType", o.machineType());
        if (!o.acceleratorType().isEmpty()) {
            machine.put("acceleratorType", o.acceleratorType()).put("acceleratorCount", o.acceleratorCount());
        }
        resources.put("minReplicaCount", replicas).put("maxReplicaCount", replicas);
        return dm;
    }

    /**
     * A deployed model is listed only once its deployment finished; {@code status.availableReplicaCount}
     * says how many replicas serve now. Where a response has no {@code status} at all (before Vertex
     * reported it), all wanted replicas are counted as ready.
     */
    private static HostStatus status(String endpoint, JsonNode ep) {
        List<HostStatus.Variant> versions = new ArrayList<>();
        List<String> events = new ArrayList<>();
        boolean ready = false;
        for (JsonNode dm : ep.path("deployedModels")) {
            String id = dm.path("id").asText();
            String display = dm.path("displayName").asText();
            VersionRef ref = VersionRef.parse(display);
            if (ref == null) {
                events.add("deployed model " + id + " (" + display + ") is not managed by AegisML");
                continue;
            }
            JsonNode resources = dm.path("dedicatedResources");
            if (resources.isMissingNode()) resources = dm.path("automaticResources");
            int desired = resources.path("minReplicaCount").asInt(0);
            // proto3 JSON leaves zero out: a status without the count means none available.
            JsonNode st = dm.path("status");
            int readyReplicas = st.isObject() ? st.path("availableReplicaCount").asInt(0) : desired;
            int weight = ep.path("trafficSplit").path(id).asInt(0);
            String message = dm.path("status").path("message").asText("");
            if (!message.isBlank()) events.add(display + ": " + message);
            JsonNode machine = resources.path("machineSpec");
            String detail = "deployed model " + id + " of " + dm.path("model").asText() + " on "
                    + machine.path("machineType").asText("automatic resources")
                    + (machine.has("acceleratorType") ? " with " + machine.path("acceleratorCount").asInt(1) + " x "
                            + machine.path("acceleratorType").asText() : "");
            versions.add(new HostStatus.Variant(ref, id, weight, desired, readyReplicas, readyReplicas >= desired, detail));
            if (weight > 0 && readyReplicas > 0) ready = true;
        }
        versions.sort(Comparator.comparing((HostStatus.Variant v) -> v.version().name())
                .thenComparingInt(v -> v.version().version()));
        return new HostStatus(endpoint, versions.isEmpty() ? "Empty" : "Active", ready, versions, events, Instant.now());
    }
}
