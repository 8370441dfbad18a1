package org.aegisml.api.alerting;

/**
 * What one evaluation pass did: rules looked at, episodes opened, re-notified and resolved,
 * and the deliveries that succeeded or failed.
 */
public record EvaluationReport(int rules, int fired, int renotified, int resolved, int delivered, int failed) {
}
