package org.aegisml.api.policy;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point: a rule written in Java, asked at its decision points beside the
 * policy documents. It answers null when it has no opinion. Called concurrently, on the live
 * gateway path too, so it must be fast and must not block. One that throws is treated like a
 * document rule that cannot be evaluated (see {@link PolicyEngine}) with the effect
 * {@link #onError()}.
 */
@ConsumerType
public interface PolicyRule {
    /** Unique among rule services; shown in decisions as {@code rule:<name>}. */
    String name();

    Set<DecisionPoint> points();

    Outcome evaluate(DecisionPoint point, Map<String, Object> context);

    default Effect onError() {
        return Effect.FLAG;
    }

    /** What a rule service asks for. */
    record Outcome(Effect effect, String reason, int approvers) {
    }
}
