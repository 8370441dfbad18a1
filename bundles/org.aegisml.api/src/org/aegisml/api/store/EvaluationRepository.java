package org.aegisml.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.Feedback;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.registry.VersionRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The evaluation tables: runs with their per-example results, regression tests with their
 * overrides, and feedback on live calls. Rules (who may override, what blocks a promotion)
 * belong to the service.
 */
@ProviderType
public interface EvaluationRepository {

    /** Inserts a run and its per-example results (in bulk). */
    void insertRun(EvaluationRun run, List<ExampleResult> results);

    Optional<EvaluationRun> findRun(String id);

    /** Runs newest first, filtered by target and dataset version when not null. */
    List<EvaluationRun> runs(VersionRef target, VersionRef dataset, int limit);

    /** A run's results in dataset order. */
    List<ExampleResult> results(String runId, int offset, int limit);

    void insertRegression(RegressionResult result);

    /** Replaces the stored test (matched by id): an override. */
    void updateRegression(RegressionResult result);

    Optional<RegressionResult> findRegression(String id);

    /** The test, its row locked until the unit ends, so two overrides queue. */
    Optional<RegressionResult> lockRegression(String id);

    /** A candidate's tests, newest first. */
    List<RegressionResult> regressions(VersionRef candidate);

    void insertFeedback(Feedback feedback);

    Optional<Feedback> findFeedback(String id);

    /** Feedback with these ids (unknown ids are skipped). */
    List<Feedback> feedback(Collection<String> ids);

    /** Feedback on a model (every version when {@code version} is null) over {@code [from, to)}, oldest first. */
    List<Feedback> feedbackFor(String model, Integer version, String endpoint, Instant from, Instant to);

    /** Uncurated feedback with a correction on these model versions, oldest first. */
    List<Feedback> uncuratedCorrections(Collection<VersionRef> models);

    /**
     * Records that these items went into a dataset version (e.g. {@code datasets/qa/3}), each only
     * if it is not curated yet; returns how many were marked.
     */
    int markCurated(Collection<String> ids, String datasetVersion);
}
