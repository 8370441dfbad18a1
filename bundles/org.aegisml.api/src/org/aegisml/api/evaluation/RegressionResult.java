package org.aegisml.api.evaluation;

import java.time.Instant;
import java.util.List;

import org.aegisml.api.registry.VersionRef;

/**
 * A regression test as stored: the two runs compared, the verdict (FAIL if any metric failed,
 * else INCONCLUSIVE if any was, else PASS), per metric comparisons, who asked, and the
 * override when an approver let a failed candidate through.
 */
public record RegressionResult(String id, VersionRef candidate, VersionRef baseline, VersionRef dataset,
        String candidateRun, String baselineRun, RegressionVerdict verdict, List<MetricComparison> metrics,
        String createdBy, String createdByName, Instant createdAt, RegressionOverride override) {
    public RegressionResult {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** Whether this test stops a promotion of the candidate: it failed and nobody overrode it. */
    public boolean blocks() {
        return verdict == RegressionVerdict.FAIL && override == null;
    }
}
