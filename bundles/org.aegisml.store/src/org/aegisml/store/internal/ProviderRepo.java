package org.aegisml.store.internal;

import static org.aegisml.store.internal.Sql.json;
import static org.aegisml.store.internal.Sql.read;
import static org.aegisml.store.internal.Sql.required;
import static org.aegisml.store.internal.Sql.ts;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.cost.CostLine;
import org.aegisml.api.provider.AutoscalingPolicy;
import org.aegisml.api.store.ProviderRepository;
import org.hibernate.Session;

/** Cost lines ({@code cost_line}) and autoscaling policies ({@code autoscaling_policy}), V9, plain JDBC. */
final class ProviderRepo implements ProviderRepository {
    private final Sql sql;

    ProviderRepo(Session session) {
        this.sql = new Sql(session);
    }

    @Override
    public void replaceCosts(String source, LocalDate from, LocalDate to, List<CostLine> lines, Instant syncedAt) {
        required(source, "source");
        sql.update("DELETE FROM cost_line WHERE source = ? AND cost_day >= ? AND cost_day < ?", ps -> {
            ps.setString(1, source);
            ps.setDate(2, Date.valueOf(from));
            ps.setDate(3, Date.valueOf(to));
        });
        if (lines.isEmpty()) return;
        sql.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cost_line (source, cost_day, project, model, version, "
                    + "endpoint, service, amount, currency, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (CostLine l : lines) {
                    ps.setString(1, source);
                    ps.setDate(2, Date.valueOf(required(l.day(), "day")));
                    ps.setString(3, Sql.clip(l.project(), 200));
                    ps.setString(4, Sql.clip(l.model(), 200));
                    if (l.version() == null) ps.setNull(5, Types.INTEGER);
                    else ps.setInt(5, l.version());
                    ps.setString(6, Sql.clip(l.endpoint(), 200));
                    ps.setString(7, Sql.clip(l.service(), 200));
                    ps.setDouble(8, l.amount());
                    ps.setString(9, required(l.currency(), "currency"));
                    ps.setObject(10, ts(syncedAt));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<SourcedLine> costs(LocalDate from, LocalDate to, String project, String model) {
        return sql.list("SELECT source, cost_day, project, model, version, endpoint, service, amount, currency FROM cost_line "
                + "WHERE cost_day >= ? AND cost_day < ? AND (? IS NULL OR project = ?) AND (? IS NULL OR model = ?) "
                + "ORDER BY cost_day, source, project, model, version, endpoint, service", ps -> {
                    ps.setDate(1, Date.valueOf(from));
                    ps.setDate(2, Date.valueOf(to));
                    ps.setString(3, project);
                    ps.setString(4, project);
                    ps.setString(5, model);
                    ps.setString(6, model);
                }, ProviderRepo::line);
    }

    private static SourcedLine line(ResultSet rs) throws SQLException {
        int v = rs.getInt(5);
        Integer version = rs.wasNull() ? null : v;
        return new SourcedLine(rs.getString(1), new CostLine(rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                version, rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getString(9)));
    }

    @Override
    public void putPolicy(AutoscalingPolicy policy, String actor, Instant at) {
        String deployment = required(policy.deployment(), "deployment");
        int n = sql.update("UPDATE autoscaling_policy SET policy_json = ?, updated_at = ?, updated_by = ? WHERE deployment = ?",
                ps -> {
                    ps.setString(1, json(policy));
                    ps.setObject(2, ts(at));
                    ps.setString(3, actor);
                    ps.setString(4, deployment);
                });
        if (n == 0) {
            sql.update("INSERT INTO autoscaling_policy (deployment, policy_json, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    ps -> {
                        ps.setString(1, deployment);
                        ps.setString(2, json(policy));
                        ps.setObject(3, ts(at));
                        ps.setString(4, actor);
                    });
        }
    }

    @Override
    public Optional<AutoscalingPolicy> policy(String deployment) {
        return sql.one("SELECT policy_json FROM autoscaling_policy WHERE deployment = ?", ps -> ps.setString(1, deployment),
                rs -> read(rs.getString(1), AutoscalingPolicy.class));
    }

    @Override
    public List<AutoscalingPolicy> policies() {
        return sql.list("SELECT policy_json FROM autoscaling_policy ORDER BY deployment", Sql.NONE,
                rs -> read(rs.getString(1), AutoscalingPolicy.class));
    }

    @Override
    public boolean deletePolicy(String deployment) {
        return sql.update("DELETE FROM autoscaling_policy WHERE deployment = ?", ps -> ps.setString(1, deployment)) > 0;
    }
}
