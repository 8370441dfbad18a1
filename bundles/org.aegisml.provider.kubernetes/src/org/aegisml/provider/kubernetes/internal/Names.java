package org.aegisml.provider.kubernetes.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.cost.CostTags;
import org.aegisml.api.registry.VersionRef;

/**
 * Kubernetes names and labels of what the provider creates.
 * <ul>
 * <li>Deployment {@code <endpoint>-<model>-v<version>} and Service {@code <endpoint>}, lower-cased with
 * anything outside {@code [a-z0-9-]} turned into {@code -}; when that changed the name or it is
 * longer than 63 characters, it is cut and ends in {@code -} plus 8 hex digits of the original's
 * SHA-256, so two different originals never share a name.</li>
 * <li>Labels (on Deployments, their pods and the Service): {@code app.kubernetes.io/managed-by=aegisml},
 * {@code app.kubernetes.io/instance=<deployment>} and the cost labels of {@link CostTags#label}:
 * {@code aegisml-endpoint} (the Service's name), {@code aegisml-model}, {@code aegisml-version},
 * {@code aegisml-project}.</li>
 * <li>Annotations on each Deployment: {@code aegisml.io/version-ref} (the exact version, e.g.
 * {@code models/churn/3}), {@code aegisml.io/endpoint} (the endpoint as AegisML names it) and
 * {@code aegisml.io/weight} (the traffic share last asked for, in percent) and {@code aegisml.io/traffic}
 * (who splits the traffic, see {@link HostOptions}); {@code aegisml.io/template-hash} fingerprints the
 * pod template as the provider wrote it, since the API server adds defaults to what it stores.</li>
 * </ul>
 */
final class Names {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "aegisml";
    static final String INSTANCE = "app.kubernetes.io/instance";
    static final String ENDPOINT = CostTags.label(CostTags.ENDPOINT);
    static final String MODEL = CostTags.label(CostTags.MODEL);
    static final String VERSION = CostTags.label(CostTags.VERSION);
    static final String PROJECT = CostTags.label(CostTags.PROJECT);
    static final String VERSION_REF = "aegisml.io/version-ref";
    static final String ENDPOINT_NAME = "aegisml.io/endpoint";
    static final String WEIGHT = "aegisml.io/weight";
    static final String TRAFFIC = "aegisml.io/traffic";
    static final String TEMPLATE_HASH = "aegisml.io/template-hash";
    static final int MAX = 63;

    private Names() {
    }

    /** The Service's name: a DNS-1035 label (starts with a letter). */
    static String service(String endpoint) {
        return dns(endpoint, true);
    }

    /** The Deployment's name: a DNS-1123 label. */
    static String deployment(String endpoint, VersionRef version) {
        return dns(endpoint + "-" + version.name() + "-v" + version.version(), false);
    }

    /** Label selector of everything AegisML runs for one endpoint. */
    static String endpointSelector(String endpoint) {
        return MANAGED_BY + "=" + MANAGER + "," + ENDPOINT + "=" + service(endpoint);
    }

    /** The labels of one version's Deployment and pods. */
    static Map<String, String> labels(String endpoint, VersionRef version, String project) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(MANAGED_BY, MANAGER);
        l.put(INSTANCE, deployment(endpoint, version));
        l.put(ENDPOINT, service(endpoint));
        l.put(MODEL, labelValue(version.name()));
        l.put(VERSION, Integer.toString(version.version()));
        if (project != null && !labelValue(project).isEmpty()) l.put(PROJECT, labelValue(project));
        return l;
    }

    /** A label value: at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends (empty allowed). */
    static String labelValue(String raw) {
        String s = raw.replaceAll("[^A-Za-z0-9._-]", "-");
        if (s.length() > MAX) s = s.substring(0, MAX);
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String dns(String raw, boolean letterFirst) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-+", "").replaceAll("-+$", "");
        if (letterFirst && (s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z')) s = "e-" + s;
        if (s.equals(raw) && s.length() <= MAX) return s;
        String head = s.substring(0, Math.min(s.length(), MAX - 9)).replaceAll("-+$", "");
        return head + "-" + hash(raw, 4);
    }

    /** The first {@code bytes} bytes of the SHA-256 of {@code raw}, in hex. */
    static String hash(String raw, int bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
