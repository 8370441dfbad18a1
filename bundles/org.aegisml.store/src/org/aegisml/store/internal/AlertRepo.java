package org.aegisml.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.Page;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.AlertState;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.store.AlertRepository;
import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The alerting tables in plain JDBC on the unit's connection, like {@link MonitoringRepo}:
 * the rows are small flat values, and the locking the evaluator needs (SELECT ... FOR UPDATE
 * on one rule, on one open episode) is clearer in SQL than through the entity machinery.
 * Every statement is portable between H2 and PostgreSQL.
 */
final class AlertRepo implements AlertRepository {
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String RULE_COLUMNS = "id, name, metric, condition_op, threshold, window_seconds, severity, "
            + "scope_model, scope_version, scope_endpoint, scope_arm, renotify_seconds, destinations_json, enabled, "
            + "created_by, created_at, updated_by, updated_at";
    private static final String DEST_COLUMNS = "name, channel, settings_json, created_by, created_at, updated_by, updated_at";
    private static final String ALERT_COLUMNS = "id, rule_id, rule_name, severity, state, started_at, resolved_at, "
            + "last_value, last_evaluated_at, last_notified_at, notifications";
    private static final String DELIVERY_COLUMNS = "id, alert_id, destination, channel, kind, sent_at, status, error";

    private final Session s;

    AlertRepo(Session s) {
        this.s = s;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Work<T> w) {
        // Pending entity changes of the same unit (an audit entry) must reach the database
        // before plain SQL runs on the connection.
        s.flush();
        return s.doReturningWork(w::run);
    }

    // ---------------------------------------------------------------- rules

    @Override
    public void insertRule(AlertRule r) {
        update("INSERT INTO alert_rule (" + RULE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, r.id());
                    bindRule(ps, 2, r);
                    ps.setString(15, r.createdBy());
                    ps.setObject(16, ts(r.createdAt()));
                    ps.setString(17, r.updatedBy());
                    ps.setObject(18, ts(r.updatedAt()));
                });
    }

    @Override
    public void updateRule(AlertRule r) {
        update("UPDATE alert_rule SET name = ?, metric = ?, condition_op = ?, threshold = ?, window_seconds = ?, "
                + "severity = ?, scope_model = ?, scope_version = ?, scope_endpoint = ?, scope_arm = ?, "
                + "renotify_seconds = ?, destinations_json = ?, enabled = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                ps -> {
                    bindRule(ps, 1, r);
                    ps.setString(14, r.updatedBy());
                    ps.setObject(15, ts(r.updatedAt()));
                    ps.setString(16, r.id());
                });
    }

    /** Binds name .. enabled (13 parameters) from {@code i}. */
    private static void bindRule(PreparedStatement ps, int i, AlertRule r) throws SQLException {
        ps.setString(i, r.name());
        ps.setString(i + 1, r.metric().name());
        ps.setString(i + 2, r.condition().name());
        ps.setDouble(i + 3, r.threshold());
        ps.setLong(i + 4, r.window().toSeconds());
        ps.setString(i + 5, r.severity().name());
        ps.setString(i + 6, r.scope().model());
        if (r.scope().version() == null) ps.setNull(i + 7, Types.INTEGER);
        else ps.setInt(i + 7, r.scope().version());
        ps.setString(i + 8, r.scope().endpoint());
        ps.setString(i + 9, r.scope().arm() == null ? null : r.scope().arm().name());
        ps.setLong(i + 10, r.renotify().toSeconds());
        ps.setString(i + 11, Json.write(r.destinations()));
        ps.setBoolean(i + 12, r.enabled());
    }

    @Override
    public boolean deleteRule(String id) {
        return update("DELETE FROM alert_rule WHERE id = ?", ps -> ps.setString(1, id)) == 1;
    }

    @Override
    public Optional<AlertRule> findRule(String id) {
        return one("SELECT " + RULE_COLUMNS + " FROM alert_rule WHERE id = ?", ps -> ps.setString(1, id), AlertRepo::rule);
    }

    @Override
    public Optional<AlertRule> findRuleByName(String name) {
        return one("SELECT " + RULE_COLUMNS + " FROM alert_rule WHERE name = ?", ps -> ps.setString(1, name), AlertRepo::rule);
    }

    @Override
    public Optional<AlertRule> lockRule(String id) {
        return one("SELECT " + RULE_COLUMNS + " FROM alert_rule WHERE id = ? FOR UPDATE", ps -> ps.setString(1, id),
                AlertRepo::rule);
    }

    @Override
    public List<AlertRule> rules() {
        return list("SELECT " + RULE_COLUMNS + " FROM alert_rule ORDER BY name", ps -> {
        }, AlertRepo::rule);
    }

    private static AlertRule rule(ResultSet rs) throws SQLException {
        int version = rs.getInt(9);
        Integer v = rs.wasNull() ? null : version;
        String arm = rs.getString(11);
        AlertScope scope = new AlertScope(rs.getString(8), v, rs.getString(10), arm == null ? null : Arm.valueOf(arm));
        return new AlertRule(rs.getString(1), rs.getString(2), Metric.valueOf(rs.getString(3)),
                Condition.valueOf(rs.getString(4)), rs.getDouble(5), Duration.ofSeconds(rs.getLong(6)),
                Severity.valueOf(rs.getString(7)), scope, Duration.ofSeconds(rs.getLong(12)),
                read(rs.getString(13), STRING_LIST), rs.getBoolean(14), rs.getString(15), instant(rs, 16),
                rs.getString(17), instant(rs, 18));
    }

    // ---------------------------------------------------------------- destinations

    @Override
    public void insertDestination(Destination d) {
        update("INSERT INTO alert_destination (" + DEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, d.name());
            ps.setString(2, d.channel());
            ps.setString(3, Json.write(d.settings()));
            ps.setString(4, d.createdBy());
            ps.setObject(5, ts(d.createdAt()));
            ps.setString(6, d.updatedBy());
            ps.setObject(7, ts(d.updatedAt()));
        });
    }

    @Override
    public void updateDestination(Destination d) {
        update("UPDATE alert_destination SET channel = ?, settings_json = ?, updated_by = ?, updated_at = ? WHERE name = ?",
                ps -> {
                    ps.setString(1, d.channel());
                    ps.setString(2, Json.write(d.settings()));
                    ps.setString(3, d.updatedBy());
                    ps.setObject(4, ts(d.updatedAt()));
                    ps.setString(5, d.name());
                });
    }

    @Override
    public boolean deleteDestination(String name) {
        return update("DELETE FROM alert_destination WHERE name = ?", ps -> ps.setString(1, name)) == 1;
    }

    @Override
    public Optional<Destination> findDestination(String name) {
        return one("SELECT " + DEST_COLUMNS + " FROM alert_destination WHERE name = ?", ps -> ps.setString(1, name),
                AlertRepo::destination);
    }

    @Override
    public List<Destination> destinations() {
        return list("SELECT " + DEST_COLUMNS + " FROM alert_destination ORDER BY name", ps -> {
        }, AlertRepo::destination);
    }

    private static Destination destination(ResultSet rs) throws SQLException {
        return new Destination(rs.getString(1), rs.getString(2), read(rs.getString(3), STRING_MAP), rs.getString(4),
                instant(rs, 5), rs.getString(6), instant(rs, 7));
    }

    // ---------------------------------------------------------------- episodes

    @Override
    public void insertAlert(Alert a) {
        update("INSERT INTO alert_episode (" + ALERT_COLUMNS + ", open_rule_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, a.id());
                    ps.setString(2, a.ruleId());
                    ps.setString(3, a.ruleName());
                    ps.setString(4, a.severity().name());
                    bindAlertState(ps, 5, a);
                    ps.setObject(6, ts(a.startedAt()));
                    ps.setString(12, a.state() == AlertState.FIRING ? a.ruleId() : null);
                });
    }

    @Override
    public void updateAlert(Alert a) {
        update("UPDATE alert_episode SET state = ?, resolved_at = ?, last_value = ?, last_evaluated_at = ?, "
                + "last_notified_at = ?, notifications = ?, open_rule_id = ? WHERE id = ?", ps -> {
                    ps.setString(1, a.state().name());
                    ps.setObject(2, ts(a.resolvedAt()));
                    setDouble(ps, 3, a.lastValue());
                    ps.setObject(4, ts(a.lastEvaluatedAt()));
                    ps.setObject(5, ts(a.lastNotifiedAt()));
                    ps.setInt(6, a.notifications());
                    ps.setString(7, a.state() == AlertState.FIRING ? a.ruleId() : null);
                    ps.setString(8, a.id());
                });
    }

    /** state at {@code i}, then resolved_at .. notifications at i+2 .. i+6 (i+1 is started_at). */
    private static void bindAlertState(PreparedStatement ps, int i, Alert a) throws SQLException {
        ps.setString(i, a.state().name());
        ps.setObject(i + 2, ts(a.resolvedAt()));
        setDouble(ps, i + 3, a.lastValue());
        ps.setObject(i + 4, ts(a.lastEvaluatedAt()));
        ps.setObject(i + 5, ts(a.lastNotifiedAt()));
        ps.setInt(i + 6, a.notifications());
    }

    @Override
    public Optional<Alert> findAlert(String id) {
        return one("SELECT " + ALERT_COLUMNS + " FROM alert_episode WHERE id = ?", ps -> ps.setString(1, id),
                AlertRepo::alert);
    }

    @Override
    public Optional<Alert> lockOpenAlert(String ruleId) {
        return one("SELECT " + ALERT_COLUMNS + " FROM alert_episode WHERE open_rule_id = ? FOR UPDATE",
                ps -> ps.setString(1, ruleId), AlertRepo::alert);
    }

    @Override
    public List<Alert> firing() {
        return list("SELECT " + ALERT_COLUMNS + " FROM alert_episode WHERE open_rule_id IS NOT NULL "
                + "ORDER BY started_at DESC, id", ps -> {
                }, AlertRepo::alert);
    }

    @Override
    public Page<Alert> history(AlertQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.ruleId() != null) {
            where.append(" AND rule_id = ?");
            args.add(q.ruleId());
        }
        if (q.state() != null) {
            where.append(" AND state = ?");
            args.add(q.state().name());
        }
        if (q.from() != null) {
            where.append(" AND started_at >= ?");
            args.add(ts(q.from()));
        }
        if (q.to() != null) {
            where.append(" AND started_at < ?");
            args.add(ts(q.to()));
        }
        Binder bind = ps -> {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        };
        long total = one("SELECT count(*) FROM alert_episode" + where, bind, rs -> rs.getLong(1)).orElse(0L);
        List<Alert> items = list("SELECT " + ALERT_COLUMNS + " FROM alert_episode" + where
                + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?", ps -> {
                    bind.bind(ps);
                    ps.setInt(args.size() + 1, q.page().size());
                    ps.setLong(args.size() + 2, q.page().offset());
                }, AlertRepo::alert);
        return new Page<>(items, total, q.page().page(), q.page().size());
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        double v = rs.getDouble(8);
        Double value = rs.wasNull() ? null : v;
        return new Alert(rs.getString(1), rs.getString(2), rs.getString(3), Severity.valueOf(rs.getString(4)),
                AlertState.valueOf(rs.getString(5)), instant(rs, 6), instant(rs, 7), value, instant(rs, 9),
                instant(rs, 10), rs.getInt(11));
    }

    // ---------------------------------------------------------------- deliveries

    @Override
    public void insertDelivery(Delivery d) {
        update("INSERT INTO alert_delivery (" + DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, d.id());
            ps.setString(2, d.alertId());
            ps.setString(3, d.destination());
            ps.setString(4, d.channel());
            ps.setString(5, d.kind().name());
            ps.setObject(6, ts(d.at()));
            ps.setString(7, d.status().name());
            ps.setString(8, clip(d.error()));
        });
    }

    @Override
    public void completeDelivery(String id, DeliveryStatus status, String error, Instant at) {
        update("UPDATE alert_delivery SET status = ?, error = ?, sent_at = ? WHERE id = ?", ps -> {
            ps.setString(1, status.name());
            ps.setString(2, clip(error));
            ps.setObject(3, ts(at));
            ps.setString(4, id);
        });
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return list("SELECT " + DELIVERY_COLUMNS + " FROM alert_delivery WHERE alert_id = ? ORDER BY sent_at, destination, id",
                ps -> ps.setString(1, alertId), rs -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), NotificationKind.valueOf(rs.getString(5)), instant(rs, 6),
                        DeliveryStatus.valueOf(rs.getString(7)), rs.getString(8)));
    }

    // ---------------------------------------------------------------- helpers

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Binder b) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                b.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    private <T> Optional<T> one(String sql, Binder b, Row<T> row) {
        List<T> all = list(sql, b, row);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private <T> List<T> list(String sql, Binder b, Row<T> row) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                b.bind(ps);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row.map(rs));
                }
                return out;
            }
        });
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column in the alerting tables", e);
        }
    }
}
