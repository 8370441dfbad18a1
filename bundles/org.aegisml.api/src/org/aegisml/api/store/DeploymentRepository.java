package org.aegisml.api.store;

import java.util.List;
import java.util.Optional;

import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.deployment.ShadowReport;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The deployment tables: deployments, rollouts with their analysis runs and timelines,
 * approval requests and shadow comparisons. Uniqueness is enforced here (a second deployment
 * of one name, a second active rollout on one deployment: {@link org.aegisml.api.ConflictException});
 * state rules belong to the service. Rollouts are stored without their analyses, history,
 * comparison and shadow report, which are read separately.
 */
@ProviderType
public interface DeploymentRepository {

    void insertDeployment(Deployment deployment);

    /** Replaces a deployment's row (matched by name). */
    void updateDeployment(Deployment deployment);

    boolean deleteDeployment(String name);

    Optional<Deployment> findDeployment(String name);

    /** The deployment, its row locked until the unit ends, so changes to one endpoint queue. */
    Optional<Deployment> lockDeployment(String name);

    /** Every deployment, by name. */
    List<Deployment> deployments();

    /**
     * Inserts a rollout; a second rollout that is not terminal on the same deployment throws
     * {@link org.aegisml.api.ConflictException}.
     */
    void insertRollout(Rollout rollout);

    void updateRollout(Rollout rollout);

    Optional<Rollout> findRollout(String id);

    /** The rollout, its row locked until the unit ends. */
    Optional<Rollout> lockRollout(String id);

    /** A deployment's rollouts, newest first. */
    List<Rollout> rollouts(String deployment);

    /** Every rollout that is not terminal, oldest first. */
    List<Rollout> activeRollouts();

    void insertAnalysisRun(AnalysisRun run);

    /** A rollout's analysis runs, oldest first. */
    List<AnalysisRun> analysisRuns(String rollout);

    void insertRolloutEvent(String rollout, RolloutEvent event);

    /** A rollout's timeline, oldest first. */
    List<RolloutEvent> rolloutEvents(String rollout);

    void insertApproval(Approval approval);

    void updateApproval(Approval approval);

    Optional<Approval> findApproval(String id);

    /** The approval, its row locked until the unit ends. */
    Optional<Approval> lockApproval(String id);

    /** Approvals in {@code state} (all when null), newest first. */
    List<Approval> approvals(ApprovalState state);

    /** The approval requests of one {@code kind} about one {@code subject} (a rollout id, a version reference), newest first. */
    List<Approval> approvals(String kind, String subject);

    void insertShadowComparisons(List<ShadowComparison> comparisons);

    /** What a rollout's shadow comparisons add up to (zeros when there are none). */
    ShadowReport shadowReport(String rollout);

    /** The most recent comparisons of a rollout, newest first, at most {@code limit}. */
    List<ShadowComparison> shadowComparisons(String rollout, int limit);
}
