package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.Map;

/**
 * A request for a person's decision. {@code kind}: {@code rollout} (start a rollout),
 * {@code promotion} (promote a rollout's candidate to all traffic) or {@code stage} (move a
 * registry version to production); {@code subject} is the rollout id or the version reference.
 * {@code evidence} carries what the approver needs: the versions, evaluation results, the
 * analysis so far, the policy decision. The requester can never decide their own request.
 */
public record Approval(String id, String kind, String subject, String deployment, ApprovalState state,
        String requestedBy, String requestedByName, Instant requestedAt, String reason, String decidedBy,
        String decidedByName, Instant decidedAt, String comment, Map<String, Object> evidence) {
    public Approval {
        evidence = evidence == null ? Map.of() : evidence;
    }
}
