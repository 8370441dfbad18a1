package org.aegisml.api.policy;

import java.util.List;

/**
 * The engine's answer at one decision point: the strongest effect of the matching rules,
 * every match with its reason, how many approvers are needed (the largest any match asked
 * for), the redactions to apply, and the rules that could not be evaluated (a rule whose
 * expression failed on this context; it never silently allows: see {@link PolicyEngine}).
 */
public record Decision(DecisionPoint point, Effect effect, List<Match> matches, int approvers,
        List<Redaction> redactions, List<String> errors) {
    public Decision {
        matches = List.copyOf(matches);
        redactions = List.copyOf(redactions);
        errors = List.copyOf(errors);
    }

    public boolean denied() {
        return effect == Effect.DENY;
    }

    /** The reasons of the matches with the decision's own effect, joined for a message. */
    public String reason() {
        StringBuilder b = new StringBuilder();
        for (Match m : matches) {
            if (m.effect() != effect) continue;
            if (!b.isEmpty()) b.append("; ");
            b.append(m.policy()).append('/').append(m.rule()).append(": ").append(m.reason());
        }
        return b.toString();
    }
}
