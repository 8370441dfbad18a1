package org.aegisml.store.internal;

import static org.aegisml.store.internal.Sql.getDouble;
import static org.aegisml.store.internal.Sql.instant;
import static org.aegisml.store.internal.Sql.json;
import static org.aegisml.store.internal.Sql.read;
import static org.aegisml.store.internal.Sql.required;
import static org.aegisml.store.internal.Sql.setDouble;
import static org.aegisml.store.internal.Sql.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.deployment.ShadowReport;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;
import org.aegisml.api.store.DeploymentRepository;
import org.hibernate.Session;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The deployment tables (V5) in plain JDBC on the unit's connection, like {@link AlertRepo}.
 * Nested values are JSON text through {@link Json}: records, Durations and Instants inside
 * them come back equal; free-form maps (approval evidence, event details) come back as plain
 * JSON values (maps, lists, strings, numbers, booleans), so a record put into one is read as
 * a map. Timestamp columns keep microseconds, like every timestamp of the store.
 * <p>
 * The one-active-rollout rule lives in the database ({@code uq_rollout_active}), so it holds
 * across replicas; its violation surfaces as {@link org.aegisml.api.ConflictException} through
 * {@link HibernateStore#translate}.
 */
final class DeploymentRepo implements DeploymentRepository {
    private static final TypeReference<List<Measurement>> MEASUREMENTS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {
    };
    /** Medians are taken over at most this many of a rollout's most recent comparisons. */
    static final int MEDIAN_SAMPLE = 10_000;

    private static final String DEPLOYMENT_COLUMNS = "name, description, project, stable_json, candidate_json, "
            + "routing_json, capture_json, rollout_id, previous_json, previous_warm_until, created_by, created_at, "
            + "updated_at, revision";
    /** Every rollout column but the id and the active slot, in the order bindRollout binds them. */
    private static final String ROLLOUT_FIELDS = "deployment, strategy, stable_json, candidate_json, spec_json, state, "
            + "step, candidate_weight, step_started_at, failures, inconclusives, approval_id, created_by, created_at, "
            + "updated_at, ended_at, reason";
    private static final String ROLLOUT_COLUMNS = "id, " + ROLLOUT_FIELDS;
    private static final String RUN_COLUMNS = "id, rollout_id, step, window_from, window_to, verdict, measurements_json";
    private static final String EVENT_COLUMNS = "event_at, event_type, state, step, candidate_weight, actor, reason, "
            + "details_json";
    private static final String APPROVAL_FIELDS = "kind, subject, deployment, state, requested_by, requested_by_name, "
            + "requested_at, reason, decided_by, decided_by_name, decided_at, decision_comment, evidence_json";
    private static final String APPROVAL_COLUMNS = "id, " + APPROVAL_FIELDS;
    private static final String COMPARISON_COLUMNS = "rollout_id, request_id, compared_at, shadow_ok, shadow_error, "
            + "stable_latency_ms, shadow_latency_ms, outputs_equal, similarity";

    private final Sql sql;

    DeploymentRepo(Session s) {
        this.sql = new Sql(s);
    }

    // ---------------------------------------------------------------- deployments

    @Override
    public void insertDeployment(Deployment d) {
        sql.update("INSERT INTO deployment (" + DEPLOYMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, required(d.name(), "name"));
                    bindDeployment(ps, 2, d);
                });
    }

    @Override
    public void updateDeployment(Deployment d) {
        int n = sql.update("UPDATE deployment SET description = ?, project = ?, stable_json = ?, candidate_json = ?, "
                + "routing_json = ?, capture_json = ?, rollout_id = ?, previous_json = ?, previous_warm_until = ?, "
                + "created_by = ?, created_at = ?, updated_at = ?, revision = ? WHERE name = ?",
                ps -> {
                    bindDeployment(ps, 1, d);
                    ps.setString(14, required(d.name(), "name"));
                });
        if (n == 0) throw new NotFoundException("name", "no deployment " + d.name());
    }

    /** Binds description .. revision (13 parameters) from {@code i}. */
    private static void bindDeployment(PreparedStatement ps, int i, Deployment d) throws SQLException {
        ps.setString(i, d.description());
        ps.setString(i + 1, d.project());
        ps.setString(i + 2, json(required(d.stable(), "stable")));
        ps.setString(i + 3, json(d.candidate()));
        ps.setString(i + 4, json(d.routing()));
        ps.setString(i + 5, json(d.capture()));
        ps.setString(i + 6, d.rollout());
        ps.setString(i + 7, json(d.previous()));
        ps.setObject(i + 8, ts(d.previousWarmUntil()));
        ps.setString(i + 9, required(d.createdBy(), "createdBy"));
        ps.setObject(i + 10, ts(required(d.createdAt(), "createdAt")));
        ps.setObject(i + 11, ts(required(d.updatedAt(), "updatedAt")));
        ps.setLong(i + 12, d.revision());
    }

    /** Takes the deployment's rollouts, their runs, timelines (by cascade) and shadow comparisons with it. */
    @Override
    public boolean deleteDeployment(String name) {
        sql.update("DELETE FROM shadow_comparison WHERE rollout_id IN (SELECT id FROM rollout WHERE deployment = ?)",
                ps -> ps.setString(1, name));
        return sql.update("DELETE FROM deployment WHERE name = ?", ps -> ps.setString(1, name)) == 1;
    }

    @Override
    public Optional<Deployment> findDeployment(String name) {
        return sql.one("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE name = ?", ps -> ps.setString(1, name),
                DeploymentRepo::deployment);
    }

    @Override
    public Optional<Deployment> lockDeployment(String name) {
        return sql.one("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE name = ? FOR UPDATE",
                ps -> ps.setString(1, name), DeploymentRepo::deployment);
    }

    @Override
    public List<Deployment> deployments() {
        return sql.list("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment ORDER BY name", Sql.NONE,
                DeploymentRepo::deployment);
    }

    private static Deployment deployment(ResultSet rs) throws SQLException {
        return new Deployment(rs.getString(1), rs.getString(2), rs.getString(3), read(rs.getString(4), Target.class),
                read(rs.getString(5), Target.class), read(rs.getString(6), Routing.class),
                read(rs.getString(7), Capture.class), rs.getString(8), read(rs.getString(9), Target.class),
                instant(rs, 10), rs.getString(11), instant(rs, 12), instant(rs, 13), rs.getLong(14));
    }

    // ---------------------------------------------------------------- rollouts

    @Override
    public void insertRollout(Rollout r) {
        sql.update("INSERT INTO rollout (" + ROLLOUT_FIELDS + ", active_deployment, id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> bindRollout(ps, r));
    }

    /** Replaces every column but the id. */
    @Override
    public void updateRollout(Rollout r) {
        int n = sql.update("UPDATE rollout SET deployment = ?, strategy = ?, stable_json = ?, candidate_json = ?, "
                + "spec_json = ?, state = ?, step = ?, candidate_weight = ?, step_started_at = ?, failures = ?, "
                + "inconclusives = ?, approval_id = ?, created_by = ?, created_at = ?, updated_at = ?, ended_at = ?, "
                + "reason = ?, active_deployment = ? WHERE id = ?", ps -> bindRollout(ps, r));
        if (n == 0) throw new NotFoundException("id", "no rollout " + r.id());
    }

    /** What the unique active slot holds: the deployment while the rollout runs, nothing once it ended. */
    private static String active(Rollout r) {
        return required(r.state(), "state").terminal() ? null : r.deployment();
    }

    /** Binds ROLLOUT_FIELDS, active_deployment, id: the INSERT and UPDATE above list them alike. */
    private static void bindRollout(PreparedStatement ps, Rollout r) throws SQLException {
        ps.setString(1, required(r.deployment(), "deployment"));
        ps.setString(2, required(r.strategy(), "strategy").name());
        ps.setString(3, json(required(r.stable(), "stable")));
        ps.setString(4, json(required(r.candidate(), "candidate")));
        ps.setString(5, json(required(r.spec(), "spec")));
        ps.setString(6, required(r.state(), "state").name());
        ps.setInt(7, r.step());
        ps.setInt(8, r.candidateWeight());
        ps.setObject(9, ts(r.stepStartedAt()));
        ps.setInt(10, r.failures());
        ps.setInt(11, r.inconclusives());
        ps.setString(12, r.approval());
        ps.setString(13, required(r.createdBy(), "createdBy"));
        ps.setObject(14, ts(required(r.createdAt(), "createdAt")));
        ps.setObject(15, ts(required(r.updatedAt(), "updatedAt")));
        ps.setObject(16, ts(r.endedAt()));
        ps.setString(17, r.reason());
        ps.setString(18, active(r));
        ps.setString(19, required(r.id(), "id"));
    }

    @Override
    public Optional<Rollout> findRollout(String id) {
        return sql.one("SELECT " + ROLLOUT_COLUMNS + " FROM rollout WHERE id = ?", ps -> ps.setString(1, id),
                DeploymentRepo::rollout);
    }

    @Override
    public Optional<Rollout> lockRollout(String id) {
        return sql.one("SELECT " + ROLLOUT_COLUMNS + " FROM rollout WHERE id = ? FOR UPDATE", ps -> ps.setString(1, id),
                DeploymentRepo::rollout);
    }

    @Override
    public List<Rollout> rollouts(String deployment) {
        return sql.list("SELECT " + ROLLOUT_COLUMNS + " FROM rollout WHERE deployment = ? "
                + "ORDER BY created_at DESC, id DESC", ps -> ps.setString(1, deployment), DeploymentRepo::rollout);
    }

    @Override
    public List<Rollout> activeRollouts() {
        return sql.list("SELECT " + ROLLOUT_COLUMNS + " FROM rollout WHERE active_deployment IS NOT NULL "
                + "ORDER BY created_at, id", Sql.NONE, DeploymentRepo::rollout);
    }

    private static Rollout rollout(ResultSet rs) throws SQLException {
        return new Rollout(rs.getString(1), rs.getString(2), Strategy.valueOf(rs.getString(3)),
                read(rs.getString(4), Target.class), read(rs.getString(5), Target.class),
                read(rs.getString(6), RolloutSpec.class), RolloutState.valueOf(rs.getString(7)), rs.getInt(8),
                rs.getInt(9), instant(rs, 10), rs.getInt(11), rs.getInt(12), rs.getString(13), rs.getString(14),
                instant(rs, 15), instant(rs, 16), instant(rs, 17), rs.getString(18), List.of(), List.of(), null, null);
    }

    // ---------------------------------------------------------------- analysis runs and timeline

    @Override
    public void insertAnalysisRun(AnalysisRun run) {
        sql.update("INSERT INTO analysis_run (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, required(run.id(), "id"));
            ps.setString(2, required(run.rollout(), "rollout"));
            ps.setInt(3, run.step());
            ps.setObject(4, ts(required(run.from(), "from")));
            ps.setObject(5, ts(required(run.to(), "to")));
            ps.setString(6, required(run.verdict(), "verdict").name());
            ps.setString(7, json(run.measurements()));
        });
    }

    @Override
    public List<AnalysisRun> analysisRuns(String rollout) {
        return sql.list("SELECT " + RUN_COLUMNS + " FROM analysis_run WHERE rollout_id = ? ORDER BY window_to, seq",
                ps -> ps.setString(1, rollout),
                rs -> new AnalysisRun(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4), instant(rs, 5),
                        Verdict.valueOf(rs.getString(6)), read(rs.getString(7), MEASUREMENTS)));
    }

    @Override
    public void insertRolloutEvent(String rollout, RolloutEvent e) {
        sql.update("INSERT INTO rollout_event (rollout_id, " + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, required(rollout, "rollout"));
                    ps.setObject(2, ts(required(e.at(), "at")));
                    ps.setString(3, required(e.type(), "type"));
                    ps.setString(4, e.state() == null ? null : e.state().name());
                    ps.setInt(5, e.step());
                    ps.setInt(6, e.candidateWeight());
                    ps.setString(7, e.actor());
                    ps.setString(8, e.reason());
                    ps.setString(9, json(e.details()));
                });
    }

    @Override
    public List<RolloutEvent> rolloutEvents(String rollout) {
        return sql.list("SELECT " + EVENT_COLUMNS + " FROM rollout_event WHERE rollout_id = ? ORDER BY event_at, seq",
                ps -> ps.setString(1, rollout), rs -> {
                    String state = rs.getString(3);
                    return new RolloutEvent(instant(rs, 1), rs.getString(2),
                            state == null ? null : RolloutState.valueOf(state), rs.getInt(4), rs.getInt(5),
                            rs.getString(6), rs.getString(7), read(rs.getString(8), OBJECT_MAP));
                });
    }

    // ---------------------------------------------------------------- approvals

    @Override
    public void insertApproval(Approval a) {
        sql.update("INSERT INTO approval (" + APPROVAL_FIELDS + ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> bindApproval(ps, a));
    }

    /** Replaces every column but the id. */
    @Override
    public void updateApproval(Approval a) {
        int n = sql.update("UPDATE approval SET kind = ?, subject = ?, deployment = ?, state = ?, requested_by = ?, "
                + "requested_by_name = ?, requested_at = ?, reason = ?, decided_by = ?, decided_by_name = ?, "
                + "decided_at = ?, decision_comment = ?, evidence_json = ? WHERE id = ?", ps -> bindApproval(ps, a));
        if (n == 0) throw new NotFoundException("id", "no approval " + a.id());
    }

    /** Binds APPROVAL_FIELDS, then the id. */
    private static void bindApproval(PreparedStatement ps, Approval a) throws SQLException {
        ps.setString(1, required(a.kind(), "kind"));
        ps.setString(2, required(a.subject(), "subject"));
        ps.setString(3, a.deployment());
        ps.setString(4, required(a.state(), "state").name());
        ps.setString(5, required(a.requestedBy(), "requestedBy"));
        ps.setString(6, a.requestedByName());
        ps.setObject(7, ts(required(a.requestedAt(), "requestedAt")));
        ps.setString(8, a.reason());
        ps.setString(9, a.decidedBy());
        ps.setString(10, a.decidedByName());
        ps.setObject(11, ts(a.decidedAt()));
        ps.setString(12, a.comment());
        ps.setString(13, json(a.evidence()));
        ps.setString(14, required(a.id(), "id"));
    }

    @Override
    public Optional<Approval> findApproval(String id) {
        return sql.one("SELECT " + APPROVAL_COLUMNS + " FROM approval WHERE id = ?", ps -> ps.setString(1, id),
                DeploymentRepo::approval);
    }

    @Override
    public Optional<Approval> lockApproval(String id) {
        return sql.one("SELECT " + APPROVAL_COLUMNS + " FROM approval WHERE id = ? FOR UPDATE",
                ps -> ps.setString(1, id), DeploymentRepo::approval);
    }

    @Override
    public List<Approval> approvals(ApprovalState state) {
        if (state == null) {
            return sql.list("SELECT " + APPROVAL_COLUMNS + " FROM approval ORDER BY requested_at DESC, id DESC", Sql.NONE,
                    DeploymentRepo::approval);
        }
        return sql.list("SELECT " + APPROVAL_COLUMNS + " FROM approval WHERE state = ? ORDER BY requested_at DESC, id DESC",
                ps -> ps.setString(1, state.name()), DeploymentRepo::approval);
    }

    @Override
    public List<Approval> approvals(String kind, String subject) {
        return sql.list("SELECT " + APPROVAL_COLUMNS + " FROM approval WHERE subject = ? AND kind = ? "
                + "ORDER BY requested_at DESC, id DESC", ps -> {
                    ps.setString(1, subject);
                    ps.setString(2, kind);
                }, DeploymentRepo::approval);
    }

    private static Approval approval(ResultSet rs) throws SQLException {
        return new Approval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                ApprovalState.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), instant(rs, 8),
                rs.getString(9), rs.getString(10), rs.getString(11), instant(rs, 12), rs.getString(13),
                read(rs.getString(14), OBJECT_MAP));
    }

    // ---------------------------------------------------------------- shadow comparisons

    @Override
    public void insertShadowComparisons(List<ShadowComparison> comparisons) {
        if (comparisons.isEmpty()) return;
        sql.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO shadow_comparison (" + COMPARISON_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ShadowComparison sc : comparisons) {
                    ps.setString(1, required(sc.rollout(), "rollout"));
                    ps.setString(2, required(sc.requestId(), "requestId"));
                    ps.setObject(3, ts(required(sc.at(), "at")));
                    ps.setBoolean(4, sc.shadowOk());
                    // A backend's error text can be a whole stack trace; the start says what happened.
                    ps.setString(5, Sql.clip(sc.shadowError(), 4000));
                    ps.setDouble(6, sc.stableLatencyMs());
                    setDouble(ps, 7, sc.shadowLatencyMs());
                    ps.setBoolean(8, sc.equal());
                    setDouble(ps, 9, sc.similarity());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Counts, equal answers and the mean similarity over every comparison of the rollout; the
     * medians over its {@value #MEDIAN_SAMPLE} most recent ones. {@code percentile_cont} is
     * standard SQL that both H2 2.x and PostgreSQL run, but it sorts its input, and a shadow
     * rollout left running collects millions of rows: the bounded sample keeps the report's
     * cost flat, is exact below that size and follows what the shadow does now. Means and
     * medians are null when there is nothing to take them over.
     */
    @Override
    public ShadowReport shadowReport(String rollout) {
        ShadowReport totals = sql.one("SELECT count(*), "
                + "coalesce(sum(CASE WHEN shadow_ok THEN 0 ELSE 1 END), 0), "
                + "coalesce(sum(CASE WHEN outputs_equal THEN 1 ELSE 0 END), 0), avg(similarity) "
                + "FROM shadow_comparison WHERE rollout_id = ?", ps -> ps.setString(1, rollout),
                rs -> new ShadowReport(rs.getLong(1), rs.getLong(2), rs.getLong(3), getDouble(rs, 4), null, null))
                .orElseThrow();
        if (totals.compared() == 0) return totals;
        return sql.one("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY stable_latency_ms), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY shadow_latency_ms) "
                + "FROM (SELECT stable_latency_ms, shadow_latency_ms FROM shadow_comparison WHERE rollout_id = ? "
                + "ORDER BY compared_at DESC, seq DESC LIMIT ?) recent", ps -> {
                    ps.setString(1, rollout);
                    ps.setInt(2, MEDIAN_SAMPLE);
                }, rs -> new ShadowReport(totals.compared(), totals.shadowFailures(), totals.equal(),
                        totals.meanSimilarity(), getDouble(rs, 1), getDouble(rs, 2)))
                .orElseThrow();
    }

    @Override
    public List<ShadowComparison> shadowComparisons(String rollout, int limit) {
        return sql.list("SELECT " + COMPARISON_COLUMNS + " FROM shadow_comparison WHERE rollout_id = ? "
                + "ORDER BY compared_at DESC, seq DESC LIMIT ?", ps -> {
                    ps.setString(1, rollout);
                    ps.setInt(2, Math.max(0, limit));
                }, rs -> new ShadowComparison(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getBoolean(4),
                        rs.getString(5), rs.getDouble(6), getDouble(rs, 7), rs.getBoolean(8), getDouble(rs, 9)));
    }
}
