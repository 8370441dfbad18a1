package org.aegisml.provider.kubernetes.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.aegisml.api.provider.HostStatus;
import org.aegisml.api.registry.VersionRef;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1ObjectReference;

/**
 * An endpoint's {@link HostStatus} from its Deployments (spec and status) and the namespace's
 * Events about them: a version is healthy when its ready replicas reach the wanted ones and no
 * condition says it failed (Available=False, ReplicaFailure=True, or Progressing=False, which is
 * how a passed progress deadline shows). The endpoint is {@code Available} when every version is
 * healthy, {@code Progressing} otherwise, and ready (serving) when its Service exists (in gateway
 * mode: every version's) and at least one pod is ready.
 */
final class StatusReport {
    /** Events kept, newest last. */
    static final int MAX_EVENTS = 20;

    private StatusReport() {
    }

    static HostStatus of(String endpoint, List<V1Deployment> deployments, boolean serviceExists, List<CoreV1Event> events) {
        List<HostStatus.Variant> variants = new ArrayList<>();
        int readyTotal = 0;
        boolean allHealthy = true;
        for (V1Deployment d : deployments) {
            VersionRef ref = versionOf(d);
            if (ref == null) continue;
            int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                    : d.getStatus().getReadyReplicas();
            List<String> failed = new ArrayList<>();
            List<String> conditions = new ArrayList<>();
            if (d.getStatus() != null && d.getStatus().getConditions() != null) {
                for (V1DeploymentCondition c : d.getStatus().getConditions()) {
                    String text = c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : " (" + c.getReason() + ")");
                    conditions.add(text);
                    boolean bad = ("Available".equals(c.getType()) && "False".equals(c.getStatus()))
                            || ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                            || ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()));
                    if (bad) failed.add(text + (c.getMessage() == null ? "" : ": " + c.getMessage()));
                }
            }
            boolean healthy = ready >= desired && failed.isEmpty();
            allHealthy &= healthy;
            readyTotal += ready;
            String detail = ready + "/" + desired + " ready" + (conditions.isEmpty() ? "" : "; " + String.join(", ", conditions))
                    + (failed.isEmpty() ? "" : "; failing: " + String.join("; ", failed));
            variants.add(new HostStatus.Variant(ref, d.getMetadata().getName(), weightOf(d), desired, ready, healthy,
                    detail));
        }
        variants.sort(Comparator.comparing((HostStatus.Variant v) -> v.version().name())
                .thenComparingInt(v -> v.version().version()));
        List<String> names = variants.stream().map(HostStatus.Variant::name).toList();
        List<CoreV1Event> mine = new ArrayList<>();
        for (CoreV1Event e : events) {
            if (about(e.getInvolvedObject(), names)) mine.add(e);
        }
        mine.sort(Comparator.comparing(StatusReport::when));
        List<String> lines = mine.subList(Math.max(0, mine.size() - MAX_EVENTS), mine.size()).stream()
                .map(StatusReport::line).toList();
        String state = !serviceExists ? "NoService" : allHealthy ? "Available" : "Progressing";
        return new HostStatus(endpoint, state, serviceExists && readyTotal > 0, variants, lines, Instant.now());
    }

    static VersionRef versionOf(V1Deployment d) {
        Map<String, String> a = d.getMetadata() == null ? null : d.getMetadata().getAnnotations();
        return a == null ? null : VersionRef.parse(a.get(Names.VERSION_REF));
    }

    /** Who splits the traffic of the Deployment's endpoint: {@link HostOptions#BY_REPLICAS} unless it says otherwise. */
    static String trafficOf(V1Deployment d) {
        Map<String, String> a = d.getMetadata() == null ? null : d.getMetadata().getAnnotations();
        return a == null || a.get(Names.TRAFFIC) == null ? HostOptions.BY_REPLICAS : a.get(Names.TRAFFIC);
    }

    static int weightOf(V1Deployment d) {
        Map<String, String> a = d.getMetadata().getAnnotations();
        try {
            return a == null || a.get(Names.WEIGHT) == null ? 0 : Integer.parseInt(a.get(Names.WEIGHT));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An event about one of the Deployments, their ReplicaSets ({@code <deployment>-<hash>}) or pods. */
    private static boolean about(V1ObjectReference o, List<String> deployments) {
        if (o == null || o.getName() == null || o.getKind() == null) return false;
        for (String d : deployments) {
            switch (o.getKind()) {
                case "Deployment" -> {
                    if (o.getName().equals(d)) return true;
                }
                case "ReplicaSet", "Pod" -> {
                    if (o.getName().startsWith(d + "-")) return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    private static Instant when(CoreV1Event e) {
        OffsetDateTime t = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null ? e.getEventTime()
                        : e.getFirstTimestamp() != null ? e.getFirstTimestamp()
                                : e.getMetadata() != null ? e.getMetadata().getCreationTimestamp() : null;
        return t == null ? Instant.EPOCH : t.toInstant();
    }

    private static String line(CoreV1Event e) {
        V1ObjectReference o = e.getInvolvedObject();
        return when(e) + " " + (e.getType() == null ? "Normal" : e.getType()) + " " + e.getReason() + " " + o.getKind()
                + "/" + o.getName() + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "") + ": "
                + e.getMessage();
    }
}
