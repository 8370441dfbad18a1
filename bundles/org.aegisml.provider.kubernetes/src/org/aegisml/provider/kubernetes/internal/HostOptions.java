package org.aegisml.provider.kubernetes.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.provider.ModelHost;

import io.kubernetes.client.custom.Quantity;

/**
 * A {@code kubernetes} backend's options: {@code image} (required), {@code port} (the container
 * port the model server listens on, default 8080), {@code namespace}, {@code cpu} and
 * {@code memory} requests (Kubernetes quantities such as {@code 500m}, {@code 2Gi}), {@code gpu}
 * (a whole number of {@code nvidia.com/gpu}, set as a limit), {@code readinessPath} (an HTTP path
 * probed for readiness; without it readiness is a TCP connect to the port), {@code traffic} and
 * {@code endpoint}.
 * <p>
 * {@code traffic} says who splits an endpoint's traffic: {@value #BY_REPLICAS} (default) has one
 * Service select every version's pods and {@code route} set replicas in the ratio of the weights;
 * {@value #BY_GATEWAY} gives each version a Service of its own (named like its Deployment), for
 * the AegisML gateway to split by its weights, and {@code route} only records the weights. All
 * versions of one endpoint use the same mode.
 */
record HostOptions(String image, int port, String namespace, Quantity cpu, Quantity memory, Integer gpu,
        String readinessPath, String traffic) {
    static final int DEFAULT_PORT = 8080;
    /** Traffic split by the ratio of ready pods behind the endpoint's one Service (the default). */
    static final String BY_REPLICAS = "replicas";
    /** Traffic split by the gateway between one Service per version; route() only records the weights. */
    static final String BY_GATEWAY = "gateway";
    static final Set<String> ALLOWED = Set.of("image", "port", "namespace", "cpu", "memory", "gpu", "readinessPath",
            "traffic", ModelHost.ENDPOINT_OPTION);
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    static HostOptions of(Backend backend) {
        if (backend == null) throw new ValidationException("backend", "backend is required");
        Map<String, String> o = backend.options();
        for (String k : o.keySet()) {
            if (!ALLOWED.contains(k)) {
                throw new ValidationException(field(k), "unknown option '" + k + "' for a kubernetes backend; allowed: "
                        + String.join(", ", new TreeSet<>(ALLOWED)));
            }
            if (o.get(k) == null || o.get(k).isBlank()) throw new ValidationException(field(k), field(k) + " is empty");
        }
        String image = o.get("image");
        if (image == null) throw new ValidationException(field("image"), field("image") + " (the container image) is required");
        if (!image.strip().equals(image) || image.chars().anyMatch(Character::isWhitespace)) {
            throw new ValidationException(field("image"), field("image") + " must not contain blanks");
        }
        int port = DEFAULT_PORT;
        if (o.containsKey("port")) {
            port = integer("port", o.get("port"));
            if (port < 1 || port > 65535) throw new ValidationException(field("port"), field("port") + " must be 1 to 65535");
        }
        String ns = o.get("namespace");
        if (ns != null && !NAMESPACE.matcher(ns).matches()) {
            throw new ValidationException(field("namespace"), field("namespace")
                    + " must be a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)");
        }
        Integer gpu = null;
        if (o.containsKey("gpu")) {
            gpu = integer("gpu", o.get("gpu"));
            if (gpu < 1) throw new ValidationException(field("gpu"), field("gpu") + " must be a whole number of at least 1");
        }
        String path = o.get("readinessPath");
        if (path != null && (!path.startsWith("/") || path.chars().anyMatch(Character::isWhitespace))) {
            throw new ValidationException(field("readinessPath"), field("readinessPath") + " must be a path starting with /");
        }
        String traffic = o.getOrDefault("traffic", BY_REPLICAS);
        if (!traffic.equals(BY_REPLICAS) && !traffic.equals(BY_GATEWAY)) {
            throw new ValidationException(field("traffic"), field("traffic") + " must be " + BY_REPLICAS + " or " + BY_GATEWAY
                    + ", got '" + traffic + "'");
        }
        return new HostOptions(image, port, ns, quantity("cpu", o.get("cpu")), quantity("memory", o.get("memory")), gpu,
                path, traffic);
    }

    private static int integer(String name, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException(field(name), field(name) + " must be a whole number, got '" + v + "'");
        }
    }

    private static Quantity quantity(String name, String v) {
        if (v == null) return null;
        try {
            Quantity q = Quantity.fromString(v.strip());
            if (q.getNumber().signum() <= 0) throw new IllegalArgumentException("not positive");
            return q;
        } catch (RuntimeException e) {
            throw new ValidationException(field(name), field(name) + " must be a positive Kubernetes quantity such as "
                    + ("cpu".equals(name) ? "500m or 2" : "512Mi or 2Gi") + ", got '" + v + "'");
        }
    }

    private static String field(String option) {
        return "backend.options." + option;
    }
}
