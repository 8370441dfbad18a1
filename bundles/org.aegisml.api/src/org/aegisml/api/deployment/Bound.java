package org.aegisml.api.deployment;

import java.util.Locale;

/** Which side of its threshold a measured value must stay on to succeed. */
public enum Bound {
    /** value &le; threshold (error rates, latencies, costs, drift). */
    MAX,
    /** value &ge; threshold (accuracy, evaluation scores). */
    MIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
