package org.aegisml.api.policy;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point: adds one top-level variable ({@link #variable()}) to the
 * context rules see at its decision points, e.g. {@code evaluation} (the regression results of
 * a version) from the evaluation bundle. Asked only when some enabled policy at that point
 * uses the variable. Returning null leaves the variable undefined (rules that read it fail
 * and are reported); throwing does the same.
 */
@ConsumerType
public interface PolicyContextProvider {
    String variable();

    Set<DecisionPoint> points();

    /** The variable's value for this decision; {@code context} is what the caller supplied. */
    Object provide(DecisionPoint point, Map<String, Object> context);

    /**
     * The version a decision is about, as its reference ({@code models/churn/3}): at
     * {@code promotion} the version being moved ({@code version.ref}), at {@code rollout_start}
     * and {@code rollout_step} the candidate ({@code candidate.version}); null elsewhere.
     */
    static String subjectVersion(DecisionPoint point, Map<String, Object> context) {
        Object ref = switch (point) {
            case PROMOTION -> context.get("version") instanceof Map<?, ?> v ? v.get("ref") : null;
            case ROLLOUT_START, ROLLOUT_STEP -> context.get("candidate") instanceof Map<?, ?> c ? c.get("version") : null;
            default -> null;
        };
        return ref == null ? null : ref.toString();
    }
}
