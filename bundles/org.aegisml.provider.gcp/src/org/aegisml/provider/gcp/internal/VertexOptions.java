package org.aegisml.provider.gcp.internal;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.ModelHost;

/**
 * A {@code vertex-ai} backend's options: {@code model} (a Vertex model resource name
 * {@code projects/p/locations/l/models/m[@version]} or just its id, required),
 * {@code machine_type} (default {@code n1-standard-4}), {@code accelerator_type} and
 * {@code accelerator_count} (optional), and {@code endpoint} (the Vertex endpoint's display
 * name or numeric id). Unknown options are refused so that a misspelt one is not silently ignored.
 */
record VertexOptions(String model, String machineType, String acceleratorType, int acceleratorCount) {
    static final String MODEL = "model";
    static final String MACHINE_TYPE = "machine_type";
    static final String ACCELERATOR_TYPE = "accelerator_type";
    static final String ACCELERATOR_COUNT = "accelerator_count";
    static final String DEFAULT_MACHINE_TYPE = "n1-standard-4";
    static final Set<String> ALLOWED = Set.of(MODEL, MACHINE_TYPE, ACCELERATOR_TYPE, ACCELERATOR_COUNT,
            ModelHost.ENDPOINT_OPTION);

    private static final Pattern MODEL_NAME = Pattern.compile("projects/[^/]+/locations/[^/]+/models/[A-Za-z0-9_-]+(@[A-Za-z0-9_-]+)?");
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}(@[A-Za-z0-9_-]+)?");
    private static final Pattern MACHINE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)+");
    private static final Pattern ACCELERATOR = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** Endpoint display names go into a filter expression between double quotes. */
    private static final Pattern ENDPOINT = Pattern.compile("[^\"\\\\\\p{Cntrl}]{1,128}");

    static VertexOptions parse(Backend b, String project, String location) {
        if (b == null) throw new ValidationException("backend", "backend is required");
        Map<String, String> o = b.options();
        for (String k : o.keySet()) {
            if (!ALLOWED.contains(k)) {
                throw new ValidationException("backend.options." + k, "vertex-ai backends have no option '" + k
                        + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(ALLOWED)));
            }
        }
        String model = o.getOrDefault(MODEL, "").strip();
        if (model.isEmpty()) {
            throw new ValidationException("backend.options.model", "backend.options.model is required: the Vertex AI "
                    + "model resource name (projects/<p>/locations/<l>/models/<id>) or its id");
        }
        if (!model.contains("/")) {
            if (!MODEL_ID.matcher(model).matches()) {
                throw new ValidationException("backend.options.model", "'" + model + "' is not a Vertex AI model id");
            }
            model = "projects/" + project + "/locations/" + location + "/models/" + model;
        } else if (!MODEL_NAME.matcher(model).matches()) {
            throw new ValidationException("backend.options.model", "'" + model
                    + "' is not a Vertex AI model resource name (projects/<p>/locations/<l>/models/<id>[@<version>])");
        }
        String machine = o.getOrDefault(MACHINE_TYPE, DEFAULT_MACHINE_TYPE).strip();
        if (!MACHINE.matcher(machine).matches()) {
            throw new ValidationException("backend.options.machine_type", "'" + machine
                    + "' is not a Compute Engine machine type (e.g. n1-standard-4)");
        }
        String accelerator = o.getOrDefault(ACCELERATOR_TYPE, "").strip();
        if (!accelerator.isEmpty() && !ACCELERATOR.matcher(accelerator).matches()) {
            throw new ValidationException("backend.options.accelerator_type", "'" + accelerator
                    + "' is not a Vertex AI accelerator type (e.g. NVIDIA_TESLA_T4)");
        }
        int count = 0;
        String c = o.getOrDefault(ACCELERATOR_COUNT, "").strip();
        if (!c.isEmpty()) {
            try {
                count = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > 16) {
                throw new ValidationException("backend.options.accelerator_count", "accelerator_count must be 1 to 16");
            }
            if (accelerator.isEmpty()) {
                throw new ValidationException("backend.options.accelerator_count", "accelerator_count needs accelerator_type");
            }
        } else if (!accelerator.isEmpty()) {
            count = 1;
        }
        String endpoint = o.get(ModelHost.ENDPOINT_OPTION);
        if (endpoint != null && !endpoint.isBlank()) checkEndpoint(endpoint, "backend.options.endpoint");
        return new VertexOptions(model, machine, accelerator, count);
    }

    static void checkEndpoint(String endpoint, String field) {
        if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
            throw new ValidationException(field, "a Vertex AI endpoint is named by a display name of 1 to 128 "
                    + "characters without quotes or backslashes, or by its numeric id");
        }
    }
}
