package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.List;

/**
 * One rollout of a candidate on a deployment. {@code step} is the index of the current canary
 * step (0 before the first); {@code stepStartedAt} when it began; {@code failures} and
 * {@code inconclusives} count measurements so far (reset by a resume); {@code approval} is the
 * id of the approval request it waits on, if any. {@code analyses} and {@code history} are
 * filled when one rollout is read, empty in listings.
 */
public record Rollout(String id, String deployment, Strategy strategy, Target stable, Target candidate,
        RolloutSpec spec, RolloutState state, int step, int candidateWeight, Instant stepStartedAt, int failures,
        int inconclusives, String approval, String createdBy, Instant createdAt, Instant updatedAt, Instant endedAt,
        String reason, List<AnalysisRun> analyses, List<RolloutEvent> history, Comparison comparison,
        ShadowReport shadow) {
    public Rollout {
        analyses = analyses == null ? List.of() : List.copyOf(analyses);
        history = history == null ? List.of() : List.copyOf(history);
    }
}
