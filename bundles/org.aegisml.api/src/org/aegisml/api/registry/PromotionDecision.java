package org.aegisml.api.registry;

/** A gate's answer: allow, or deny with a reason that reaches the caller and the audit log. */
public record PromotionDecision(boolean allowed, String gate, String reason) {
    public static PromotionDecision allow(String gate) {
        return new PromotionDecision(true, gate, null);
    }

    public static PromotionDecision deny(String gate, String reason) {
        return new PromotionDecision(false, gate, reason);
    }
}
