package org.aegisml.api.policy;

/** A rule that matched: which policy (and version) or rule service, and what it asked for. */
public record Match(String policy, int version, String rule, Effect effect, String reason, int approvers) {
}
