package org.aegisml.api.policy;

import java.util.Map;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides at a decision point from every enabled policy that applies to it and every
 * {@link PolicyRule} service, and writes the decision with the inputs it saw to the audit log
 * (live gateway decisions are written in batches, off the request path; text inputs are
 * recorded as their length and SHA-256, never the text). A rule whose expression cannot be
 * evaluated on a context counts as a match with the rule's own effect where a person asks and
 * can retry ({@code promotion}, {@code rollout_start}: fail closed), and as a {@code flag} on the
 * live gateway path and in the rollout controller (fail open, reported); it is named in
 * {@link Decision#errors()}.
 * <p>
 * {@code context} holds the variables the rules see (documented per point in the README);
 * {@code actor} and {@code now} are added by the engine.
 */
@ProviderType
public interface PolicyEngine {
    Decision decide(DecisionPoint point, Map<String, Object> context, Actor actor);

    /** {@code text} with the decision's redactions applied (unchanged when there are none). */
    String redact(Decision decision, String text);

    /** Whether any enabled policy or rule service applies at {@code point}: callers skip building a context when not. */
    boolean applies(DecisionPoint point);

    /** Decision latency and failure counts since the engine started (for {@code /metrics} and benchmarks). */
    DecisionStats stats();
}
