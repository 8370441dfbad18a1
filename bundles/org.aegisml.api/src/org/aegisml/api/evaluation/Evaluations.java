package org.aegisml.api.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Offline evaluation, regression tests and the feedback loop. Every run, regression verdict
 * and override appends an audit entry in the transaction that stores it. Writes need the
 * operator role; overrides need an approver other than the one who ran the test.
 */
@ProviderType
public interface Evaluations {

    /** Runs {@code spec} to the end, stores it with every per-example result and links dataset {@code evaluated_on} target. */
    EvaluationRun run(EvaluationSpec spec, Actor actor);

    Optional<EvaluationRun> get(String id);

    /** Runs newest first; {@code target} and {@code dataset} filter when not null. */
    List<EvaluationRun> list(VersionRef target, VersionRef dataset, int limit);

    /** A run's per-example results in dataset order, {@code offset} and {@code limit} paging. */
    List<ExampleResult> results(String runId, int offset, int limit);

    RegressionResult regression(RegressionSpec spec, Actor actor);

    Optional<RegressionResult> regressionTest(String id);

    /** The regression tests of a candidate version, newest first. */
    List<RegressionResult> regressionTests(VersionRef candidate);

    /** Lets a failed test's candidate be promoted; {@code reason} is required and recorded. */
    RegressionResult override(String regressionId, String reason, Actor actor);

    /** Quality against cost and latency per version of {@code name} on a dataset version (null: its latest). */
    Tradeoff tradeoff(AssetType type, String name, String dataset, Integer datasetVersion, String metric);

    Feedback feedback(FeedbackSpec spec, Actor actor);

    Optional<Feedback> findFeedback(String id);

    /** Feedback on a model's calls over {@code [from, to)}, grouped by version and arm. */
    List<FeedbackSummary> feedbackSummary(String model, Instant from, Instant to);

    /** Turns feedback with corrections into a new version of dataset {@code name}, derived from the previous one. */
    CurateResult curate(String dataset, CurateSpec spec, Actor actor);

    /** The metric names the installed evaluators compute. */
    List<String> metrics();
}
