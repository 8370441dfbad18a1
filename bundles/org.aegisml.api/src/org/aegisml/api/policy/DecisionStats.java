package org.aegisml.api.policy;

import java.util.List;

/**
 * How long deciding has taken since the engine started, as a histogram: {@code counts.get(i)}
 * decisions took at most {@code boundsNanos.get(i)} (cumulative, Prometheus style; the last
 * bound is {@link Long#MAX_VALUE}). Only the evaluation is timed, not the audit write.
 * {@code errors}: rules that could not be evaluated; {@code auditDropped}: live decisions not
 * audited because the audit queue was full.
 */
public record DecisionStats(List<Long> boundsNanos, List<Long> counts, long count, long sumNanos, long errors,
        long auditDropped) {
    public DecisionStats {
        boundsNanos = List.copyOf(boundsNanos);
        counts = List.copyOf(counts);
    }
}
