package org.aegisml.api.deployment;

/**
 * One rule measured once: the candidate's and the stable's value over the window (null where
 * undefined), how many events each had, the limit the candidate's value was held to
 * (the threshold, or threshold times stable for a relative rule), and the verdict with its
 * reason in words.
 */
public record Measurement(String rule, String metric, Double candidate, Double stable, Long candidateCount,
        Long stableCount, Double limit, Verdict verdict, String reason) {
}
