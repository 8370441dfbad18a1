package org.aegisml.api.policy;

import java.util.List;

/**
 * One rule of a policy document. {@code when} is a JEXL expression over the decision's
 * context; when it is true the rule matches and asks for {@code effect}, with {@code reason}
 * (which may hold {@code ${expression}} parts, filled from the context). {@code approvers}:
 * how many people other than the requester must approve ({@code require_approval} only);
 * {@code redact}: what to remove ({@code redact} only).
 */
public record PolicyRuleSpec(String name, String when, Effect effect, String reason, Integer approvers,
        List<Redaction> redact) {
    public PolicyRuleSpec {
        redact = redact == null ? List.of() : List.copyOf(redact);
    }
}
