package org.aegisml.api.deployment;

import java.time.Duration;
import java.util.List;

/**
 * What a caller submits to start a rollout on a deployment.
 * <ul>
 * <li>{@code candidate}: the version to roll out and where it is served.</li>
 * <li>{@code steps}: for {@link Strategy#CANARY}, the weights in order (the last must be 100);
 * for the others, ignored except that a single step's duration sets how long the rollout
 * runs before it is decided (shadow, A/B, blue-green pre-promotion analysis).</li>
 * <li>{@code analysis}: the rules measured every {@code interval} over the trailing
 * {@code window} (both down to one second; defaults 60 s and 5 min).</li>
 * <li>{@code failureLimit}: how many failed measurements are tolerated (default 0: the first
 * failure rolls back); {@code inconclusiveLimit}: how many inconclusive ones before the rollout
 * pauses for a human (default 3).</li>
 * <li>{@code requireApproval}: the rollout waits in {@code PENDING_APPROVAL} until an approver
 * other than the requester approves it; {@code approvalToPromote}: the final promotion waits
 * for approval too.</li>
 * <li>{@code shadowPercent}: share of requests copied to a shadow (default 100);
 * {@code weight}: the candidate's fixed share for A/B (default 50); {@code stickyKey}
 * ({@code header:Name} or {@code field:name}) for A/B; {@code abMetric}: the metric the A/B
 * significance test compares (default {@code error_rate}), {@code alpha} its level (0.05).</li>
 * <li>{@code rollbackWindow}: how long the previous stable stays warm after a promotion
 * (default 10 min).</li>
 * </ul>
 */
public record RolloutSpec(Strategy strategy, Target candidate, List<Step> steps, List<AnalysisRule> analysis,
        Duration interval, Duration window, Integer failureLimit, Integer inconclusiveLimit, Boolean requireApproval,
        Boolean approvalToPromote, Integer shadowPercent, Integer weight, String stickyKey, String abMetric,
        Double alpha, Duration rollbackWindow, String reason) {
    public RolloutSpec {
        steps = steps == null ? List.of() : List.copyOf(steps);
        analysis = analysis == null ? List.of() : List.copyOf(analysis);
    }
}
