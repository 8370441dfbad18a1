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
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.Example;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.Feedback;
import org.aegisml.api.evaluation.MetricComparison;
import org.aegisml.api.evaluation.MetricValue;
import org.aegisml.api.evaluation.Prediction;
import org.aegisml.api.evaluation.RegressionOverride;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.evaluation.RegressionVerdict;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.EvaluationRepository;
import org.hibernate.Session;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The evaluation tables (V6) in plain JDBC on the unit's connection, like {@link DeploymentRepo}.
 * Per-example results are inserted as one JDBC batch per run, so a 10,000-example run is a
 * handful of round trips rather than 10,000. Values inside JSON columns that are declared
 * {@code Object} (expected values, inputs, outputs) come back as plain JSON values.
 */
final class EvaluationRepo implements EvaluationRepository {
    private static final TypeReference<List<MetricValue>> METRICS = new TypeReference<>() {
    };
    private static final TypeReference<List<MetricComparison>> COMPARISONS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, ExampleScore>> SCORES = new TypeReference<>() {
    };
    private static final int BATCH = 1_000;
    private static final String RUN_COLUMNS = "id, target_type, target_name, target_version, dataset_name, "
            + "dataset_version, source, metrics_json, examples, failed, latency_p50, latency_p95, input_tokens, "
            + "output_tokens, cost_per_1k, created_by, created_at, duration_ms";
    private static final String REGRESSION_COLUMNS = "id, candidate_type, candidate_name, candidate_version, "
            + "baseline_json, dataset_json, candidate_run, baseline_run, verdict, metrics_json, created_by, "
            + "created_by_name, created_at, override_json";
    private static final String FEEDBACK_COLUMNS = "id, event_id, model, model_version, endpoint, arm, score, "
            + "thumbs_up, label, corrected_output, comment_text, created_by, created_at, curated_into";

    private final Sql sql;

    EvaluationRepo(Session s) {
        this.sql = new Sql(s);
    }

    // ---------------------------------------------------------------- runs

    @Override
    public void insertRun(EvaluationRun r, List<ExampleResult> results) {
        sql.update("INSERT INTO evaluation_run (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, required(r.id(), "id"));
                    ps.setString(2, required(r.target(), "target").type().name());
                    ps.setString(3, r.target().name());
                    ps.setInt(4, r.target().version());
                    ps.setString(5, required(r.dataset(), "dataset").name());
                    ps.setInt(6, r.dataset().version());
                    ps.setString(7, required(r.source(), "source"));
                    ps.setString(8, json(r.metrics()));
                    ps.setLong(9, r.examples());
                    ps.setLong(10, r.failed());
                    setDouble(ps, 11, r.latencyP50());
                    setDouble(ps, 12, r.latencyP95());
                    setLong(ps, 13, r.inputTokens());
                    setLong(ps, 14, r.outputTokens());
                    setDouble(ps, 15, r.costPer1k());
                    ps.setString(16, required(r.createdBy(), "createdBy"));
                    ps.setObject(17, ts(required(r.createdAt(), "createdAt")));
                    ps.setLong(18, r.durationMs());
                });
        sql.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO evaluation_result (run_id, idx, example_json, "
                    + "prediction_json, scores_json) VALUES (?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (ExampleResult e : results) {
                    ps.setString(1, r.id());
                    ps.setInt(2, e.index());
                    ps.setString(3, json(e.example()));
                    ps.setString(4, json(e.prediction()));
                    ps.setString(5, json(e.scores()));
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) ps.executeBatch();
            }
            return null;
        });
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    @Override
    public Optional<EvaluationRun> findRun(String id) {
        return sql.one("SELECT " + RUN_COLUMNS + " FROM evaluation_run WHERE id = ?", ps -> ps.setString(1, id),
                EvaluationRepo::run);
    }

    @Override
    public List<EvaluationRun> runs(VersionRef target, VersionRef dataset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (target != null) where.append(" AND target_type = ? AND target_name = ? AND target_version = ?");
        if (dataset != null) where.append(" AND dataset_name = ? AND dataset_version = ?");
        return sql.list("SELECT " + RUN_COLUMNS + " FROM evaluation_run" + where + " ORDER BY created_at DESC, id LIMIT ?",
                ps -> {
                    int i = 1;
                    if (target != null) {
                        ps.setString(i++, target.type().name());
                        ps.setString(i++, target.name());
                        ps.setInt(i++, target.version());
                    }
                    if (dataset != null) {
                        ps.setString(i++, dataset.name());
                        ps.setInt(i++, dataset.version());
                    }
                    ps.setInt(i, Math.max(1, limit));
                }, EvaluationRepo::run);
    }

    private static EvaluationRun run(ResultSet rs) throws SQLException {
        return new EvaluationRun(rs.getString(1), new VersionRef(AssetType.valueOf(rs.getString(2)), rs.getString(3),
                rs.getInt(4)), new VersionRef(AssetType.DATASET, rs.getString(5), rs.getInt(6)), rs.getString(7),
                read(rs.getString(8), METRICS), rs.getLong(9), rs.getLong(10), getDouble(rs, 11), getDouble(rs, 12),
                getLong(rs, 13), getLong(rs, 14), getDouble(rs, 15), rs.getString(16), instant(rs, 17), rs.getLong(18));
    }

    @Override
    public List<ExampleResult> results(String runId, int offset, int limit) {
        return sql.list("SELECT idx, example_json, prediction_json, scores_json FROM evaluation_result WHERE run_id = ? "
                + "ORDER BY idx LIMIT ? OFFSET ?", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, Math.max(0, limit));
                    ps.setInt(3, Math.max(0, offset));
                }, rs -> new ExampleResult(rs.getInt(1), read(rs.getString(2), Example.class),
                        read(rs.getString(3), Prediction.class), read(rs.getString(4), SCORES)));
    }

    // ---------------------------------------------------------------- regression tests

    @Override
    public void insertRegression(RegressionResult r) {
        sql.update("INSERT INTO regression_test (" + REGRESSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, required(r.id(), "id"));
                    bindRegression(ps, 2, r);
                });
    }

    @Override
    public void updateRegression(RegressionResult r) {
        int n = sql.update("UPDATE regression_test SET candidate_type = ?, candidate_name = ?, candidate_version = ?, "
                + "baseline_json = ?, dataset_json = ?, candidate_run = ?, baseline_run = ?, verdict = ?, metrics_json = ?, "
                + "created_by = ?, created_by_name = ?, created_at = ?, override_json = ? WHERE id = ?", ps -> {
                    bindRegression(ps, 1, r);
                    ps.setString(14, r.id());
                });
        if (n == 0) throw new NotFoundException("id", "no regression test " + r.id());
    }

    /** Binds candidate_type .. override_json (13 parameters) from {@code i}. */
    private static void bindRegression(PreparedStatement ps, int i, RegressionResult r) throws SQLException {
        ps.setString(i, required(r.candidate(), "candidate").type().name());
        ps.setString(i + 1, r.candidate().name());
        ps.setInt(i + 2, r.candidate().version());
        ps.setString(i + 3, json(required(r.baseline(), "baseline")));
        ps.setString(i + 4, json(required(r.dataset(), "dataset")));
        ps.setString(i + 5, required(r.candidateRun(), "candidateRun"));
        ps.setString(i + 6, required(r.baselineRun(), "baselineRun"));
        ps.setString(i + 7, required(r.verdict(), "verdict").name());
        ps.setString(i + 8, json(r.metrics()));
        ps.setString(i + 9, required(r.createdBy(), "createdBy"));
        ps.setString(i + 10, required(r.createdByName(), "createdByName"));
        ps.setObject(i + 11, ts(required(r.createdAt(), "createdAt")));
        ps.setString(i + 12, json(r.override()));
    }

    @Override
    public Optional<RegressionResult> findRegression(String id) {
        return sql.one("SELECT " + REGRESSION_COLUMNS + " FROM regression_test WHERE id = ?", ps -> ps.setString(1, id),
                EvaluationRepo::regression);
    }

    @Override
    public Optional<RegressionResult> lockRegression(String id) {
        return sql.one("SELECT " + REGRESSION_COLUMNS + " FROM regression_test WHERE id = ? FOR UPDATE",
                ps -> ps.setString(1, id), EvaluationRepo::regression);
    }

    @Override
    public List<RegressionResult> regressions(VersionRef c) {
        return sql.list("SELECT " + REGRESSION_COLUMNS + " FROM regression_test WHERE candidate_type = ? AND "
                + "candidate_name = ? AND candidate_version = ? ORDER BY created_at DESC, id", ps -> {
                    ps.setString(1, c.type().name());
                    ps.setString(2, c.name());
                    ps.setInt(3, c.version());
                }, EvaluationRepo::regression);
    }

    private static RegressionResult regression(ResultSet rs) throws SQLException {
        return new RegressionResult(rs.getString(1), new VersionRef(AssetType.valueOf(rs.getString(2)), rs.getString(3),
                rs.getInt(4)), read(rs.getString(5), VersionRef.class), read(rs.getString(6), VersionRef.class),
                rs.getString(7), rs.getString(8), RegressionVerdict.valueOf(rs.getString(9)),
                read(rs.getString(10), COMPARISONS), rs.getString(11), rs.getString(12), instant(rs, 13),
                read(rs.getString(14), RegressionOverride.class));
    }

    // ---------------------------------------------------------------- feedback

    @Override
    public void insertFeedback(Feedback f) {
        sql.update("INSERT INTO feedback (" + FEEDBACK_COLUMNS + ", has_correction) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, required(f.id(), "id"));
                    ps.setString(2, required(f.eventId(), "eventId"));
                    ps.setString(3, required(f.model(), "model"));
                    ps.setInt(4, f.version());
                    ps.setString(5, f.endpoint());
                    ps.setString(6, required(f.arm(), "arm"));
                    setDouble(ps, 7, f.score());
                    if (f.thumbsUp() == null) ps.setNull(8, Types.BOOLEAN);
                    else ps.setBoolean(8, f.thumbsUp());
                    ps.setString(9, f.label());
                    ps.setString(10, f.correctedOutput());
                    ps.setString(11, f.comment());
                    ps.setString(12, required(f.createdBy(), "createdBy"));
                    ps.setObject(13, ts(required(f.createdAt(), "createdAt")));
                    ps.setString(14, f.curatedInto());
                    ps.setBoolean(15, f.hasCorrection());
                });
    }

    @Override
    public Optional<Feedback> findFeedback(String id) {
        return sql.one("SELECT " + FEEDBACK_COLUMNS + " FROM feedback WHERE id = ?", ps -> ps.setString(1, id),
                EvaluationRepo::feedback);
    }

    @Override
    public List<Feedback> feedback(Collection<String> ids) {
        List<Feedback> out = new ArrayList<>();
        for (String id : ids) findFeedback(id).ifPresent(out::add);
        return out;
    }

    @Override
    public List<Feedback> feedbackFor(String model, Integer version, String endpoint, Instant from, Instant to) {
        String where = " WHERE model = ?" + (version == null ? "" : " AND model_version = ?")
                + (endpoint == null ? "" : " AND endpoint = ?") + " AND created_at >= ? AND created_at < ?";
        return sql.list("SELECT " + FEEDBACK_COLUMNS + " FROM feedback" + where + " ORDER BY created_at, id", ps -> {
            int i = 1;
            ps.setString(i++, model);
            if (version != null) ps.setInt(i++, version);
            if (endpoint != null) ps.setString(i++, endpoint);
            ps.setObject(i++, ts(from));
            ps.setObject(i, ts(to));
        }, EvaluationRepo::feedback);
    }

    @Override
    public List<Feedback> uncuratedCorrections(Collection<VersionRef> models) {
        List<Feedback> out = new ArrayList<>();
        for (VersionRef m : models) {
            out.addAll(sql.list("SELECT " + FEEDBACK_COLUMNS + " FROM feedback WHERE model = ? AND model_version = ? "
                    + "AND has_correction = TRUE AND curated_into IS NULL ORDER BY created_at, id", ps -> {
                        ps.setString(1, m.name());
                        ps.setInt(2, m.version());
                    }, EvaluationRepo::feedback));
        }
        return out;
    }

    @Override
    public int markCurated(Collection<String> ids, String datasetVersion) {
        int marked = 0;
        for (String id : ids) {
            marked += sql.update("UPDATE feedback SET curated_into = ? WHERE id = ? AND curated_into IS NULL", ps -> {
                ps.setString(1, datasetVersion);
                ps.setString(2, id);
            });
        }
        return marked;
    }

    private static Feedback feedback(ResultSet rs) throws SQLException {
        boolean up = rs.getBoolean(8);
        Boolean thumbs = rs.wasNull() ? null : up;
        return new Feedback(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), getDouble(rs, 7), thumbs, rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), instant(rs, 13), rs.getString(14));
    }
}
