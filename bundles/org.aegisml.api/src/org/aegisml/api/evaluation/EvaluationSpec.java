package org.aegisml.api.evaluation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.registry.VersionRef;

/**
 * An evaluation run to do: {@code target} (a model or prompt version) on {@code dataset} (a
 * dataset version), scored by {@code metrics}. The answers come either from
 * {@code predictions} (example id to prediction, supplied with the run) or by calling the
 * version through {@code backend} (when null, the backend of a deployment serving the version).
 * {@code concurrency} bounds calls in flight (default 16), {@code retries} is how many times a
 * call that failed to connect, timed out or answered 5xx is tried again (default: the
 * backend's), {@code timeout} bounds one call (default: the backend's). {@code options} holds
 * per-metric settings keyed by metric name.
 */
public record EvaluationSpec(VersionRef target, VersionRef dataset, List<String> metrics,
        Map<String, Map<String, Object>> options, Backend backend, Map<String, Prediction> predictions,
        Integer concurrency, Integer retries, Duration timeout) {
    public EvaluationSpec {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public EvaluationSpec withDataset(VersionRef d) {
        return new EvaluationSpec(target, d, metrics, options, backend, predictions, concurrency, retries, timeout);
    }
}
