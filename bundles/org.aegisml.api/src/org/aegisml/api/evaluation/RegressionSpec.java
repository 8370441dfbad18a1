package org.aegisml.api.evaluation;

import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.registry.VersionRef;

/**
 * A regression test to do: {@code candidate} against {@code baseline} (null: the version the
 * asset's {@code production} alias points at) on {@code dataset}. Each side's run is the one
 * named ({@code candidateRun}/{@code baselineRun}), else the newest stored run of that version
 * on that dataset version having every metric, else a new run through the side's backend
 * (null: the backend of a deployment serving it). {@code tolerances}: per metric, how much
 * worse than the baseline the candidate may be (absolute, in the metric's unit; default 0).
 * {@code method}: {@code auto} (McNemar for metrics scored 0/1 per example, else bootstrap),
 * {@code bootstrap} or {@code mcnemar}. The paired bootstrap uses {@code resamples}
 * (default 1,000) with {@code seed} (default 42), so a test is reproducible, and a two-sided
 * {@code confidence} interval (default 0.95); McNemar uses alpha = 1 - confidence.
 */
public record RegressionSpec(VersionRef candidate, VersionRef baseline, VersionRef dataset, List<String> metrics,
        Map<String, Double> tolerances, Map<String, Map<String, Object>> options, String method, Integer resamples,
        Double confidence, Long seed, String candidateRun, String baselineRun, Backend candidateBackend,
        Backend baselineBackend) {
    public RegressionSpec {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        tolerances = tolerances == null ? Map.of() : Map.copyOf(tolerances);
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
