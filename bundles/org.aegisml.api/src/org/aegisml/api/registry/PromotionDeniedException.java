package org.aegisml.api.registry;

import org.aegisml.api.ConflictException;

/** A {@link PromotionGate} refused a stage change; the refusal is in the audit log. */
public class PromotionDeniedException extends ConflictException {
    private static final long serialVersionUID = 1L;
    private final String gate;

    public PromotionDeniedException(String gate, String reason) {
        super("stage", "promotion denied by " + gate + ": " + reason);
        this.gate = gate;
    }

    public String gate() {
        return gate;
    }
}
