package org.aegisml.api.monitoring;

import java.util.List;

/**
 * The answer to an ingest: {@code accepted} events are durable; {@code duplicates} were
 * accepted earlier under the same event id and were not counted again; each rejected line
 * (1-based) says why. A rejected line never affects its neighbours.
 */
public record IngestReport(int received, int accepted, int duplicates, List<Rejection> rejected) {
    public record Rejection(int line, String eventId, String reason) {
    }

    public IngestReport {
        rejected = List.copyOf(rejected);
    }
}
