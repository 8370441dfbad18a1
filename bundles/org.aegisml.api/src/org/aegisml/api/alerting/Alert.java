package org.aegisml.api.alerting;

import java.time.Instant;

/**
 * One firing episode of a rule: opened when the condition first holds, resolved when it
 * stops holding (or when the rule is disabled or deleted). At most one episode per rule is
 * firing at any time. {@code ruleName} and {@code severity} are copied at opening so the
 * history still reads right after the rule changes. {@code notifications} counts the
 * notifications claimed for it (firing, re-notifications, resolved), each sent to every
 * destination of the rule.
 */
public record Alert(String id, String ruleId, String ruleName, Severity severity, AlertState state, Instant startedAt,
        Instant resolvedAt, Double lastValue, Instant lastEvaluatedAt, Instant lastNotifiedAt, int notifications) {
}
