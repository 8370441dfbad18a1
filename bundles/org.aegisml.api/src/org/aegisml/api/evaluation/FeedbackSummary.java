package org.aegisml.api.evaluation;

/** Online quality of one model version on one arm over a window: the feedback it got. */
public record FeedbackSummary(String model, int version, String arm, long count, Double meanScore, long thumbsUp,
        long thumbsDown, Double thumbsUpRate, long corrections) {
}
