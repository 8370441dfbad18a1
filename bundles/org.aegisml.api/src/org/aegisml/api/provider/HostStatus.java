package org.aegisml.api.provider;

import java.time.Instant;
import java.util.List;
import org.aegisml.api.registry.VersionRef;

/**
 * An endpoint at a provider as the provider reports it: its state in the provider's words
 * ({@code InService}, {@code Updating}, {@code Available}...), whether it serves at all, each
 * version on it, and recent events (newest last) such as failed pods or a failed update.
 */
public record HostStatus(String endpoint, String state, boolean ready, List<Variant> versions, List<String> events,
        Instant at) {

    public HostStatus {
        versions = List.copyOf(versions);
        events = List.copyOf(events);
    }

    /**
     * One version on the endpoint: the provider's name for it (variant, deployment), its traffic
     * share in percent, replicas wanted and ready, and whether it is healthy (all wanted replicas
     * ready and nothing failing).
     */
    public record Variant(VersionRef version, String name, int weight, int desiredReplicas, int readyReplicas,
            boolean healthy, String detail) {
    }

    /** The version's entry, or null when it is not deployed here. */
    public Variant variant(VersionRef version) {
        for (Variant v : versions) {
            if (v.version().equals(version)) return v;
        }
        return null;
    }
}
