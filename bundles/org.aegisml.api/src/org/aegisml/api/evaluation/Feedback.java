package org.aegisml.api.evaluation;

import java.time.Instant;

/**
 * Stored feedback, with the model version, endpoint and arm of the call it is about (copied
 * from the event, so online quality is grouped without joining the event stream) and the
 * dataset version it was curated into, if any.
 */
public record Feedback(String id, String eventId, String model, int version, String endpoint, String arm, Double score,
        Boolean thumbsUp, String label, String correctedOutput, String comment, String createdBy, Instant createdAt,
        String curatedInto) {

    public boolean hasCorrection() {
        return (correctedOutput != null && !correctedOutput.isBlank()) || (label != null && !label.isBlank());
    }
}
