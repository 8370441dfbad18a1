package org.aegisml.api.evaluation;

/**
 * Feedback on one live call, named by its monitoring {@code eventId}: a {@code score} in
 * [0, 1], thumbs up or down, a {@code label} (the right class), a {@code correctedOutput}
 * (the answer it should have given), a free {@code comment}. At least one of the first four.
 */
public record FeedbackSpec(String eventId, Double score, Boolean thumbsUp, String label, String correctedOutput,
        String comment) {
}
