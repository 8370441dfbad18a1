package org.aegisml.api.alerting;

import org.aegisml.api.monitoring.Arm;

/**
 * The traffic a rule watches, exactly as {@link org.aegisml.api.monitoring.Monitoring#value}
 * takes it: one model; a version (null: the one the production alias points at, else the
 * latest, resolved at each evaluation); an endpoint and a rollout arm (null: all of them).
 */
public record AlertScope(String model, Integer version, String endpoint, Arm arm) {

    /** {@code churn}, {@code churn v3 @eu arm=canary}: how notifications name the scope. */
    public String describe() {
        StringBuilder b = new StringBuilder(model);
        if (version != null) b.append(" v").append(version);
        if (endpoint != null) b.append(" @").append(endpoint);
        if (arm != null) b.append(" arm=").append(arm.wire());
        return b.toString();
    }
}
