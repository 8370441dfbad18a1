package org.aegisml.api.deployment;

import java.time.Duration;

/**
 * One step of a canary: set the candidate's weight to {@code weight} percent, then hold it for
 * {@code duration}. With {@code analysis} true (the default when the rollout has analysis
 * rules) the rules are measured every interval while the step holds, and the step advances
 * only when its duration has passed within the failure and inconclusive limits. A step with
 * no duration and no analysis pauses the rollout until an operator resumes it.
 */
public record Step(int weight, Duration duration, Boolean analysis) {
}
