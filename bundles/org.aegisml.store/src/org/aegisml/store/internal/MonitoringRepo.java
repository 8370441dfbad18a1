package org.aegisml.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.aegisml.api.store.MonitoringRepository;
import org.hibernate.Session;

/**
 * The monitoring tables in plain JDBC on the unit's connection: the event stream is written
 * in bulk (one statement per batch on PostgreSQL), which Hibernate's entity machinery would
 * slow down several times over for no benefit: events are never updated as objects.
 */
final class MonitoringRepo implements MonitoringRepository {
    private static final int H2_CHUNK = 500;
    private final Session s;

    MonitoringRepo(Session s) {
        this.s = s;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Work<T> w) {
        // Hibernate may hold pending entity changes of the same unit; they must reach the
        // database before plain SQL runs on the connection.
        s.flush();
        return s.doReturningWork(w::run);
    }

    private static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getURL().startsWith("jdbc:postgresql:");
    }

    @Override
    public Set<String> insertEvents(List<EventRow> events) {
        if (events.isEmpty()) return Set.of();
        return jdbc(c -> postgres(c) ? insertPostgres(c, events) : insertH2(c, events));
    }

    /**
     * One statement for the whole batch: the columns travel as arrays and unnest() turns
     * them into rows; ON CONFLICT skips ids already stored (also by another replica) and
     * RETURNING names the rows really inserted.
     */
    private static Set<String> insertPostgres(Connection c, List<EventRow> events) throws SQLException {
        int n = events.size();
        String[] ids = new String[n], ts = new String[n], models = new String[n], endpoints = new String[n],
                arms = new String[n], payloads = new String[n];
        Integer[] versions = new Integer[n];
        Boolean[] errors = new Boolean[n];
        Double[] latency = new Double[n], cost = new Double[n];
        Long[] in = new Long[n], out = new Long[n];
        for (int i = 0; i < n; i++) {
            EventRow e = events.get(i);
            ids[i] = e.eventId();
            ts[i] = e.timestamp().toString();
            models[i] = e.model();
            versions[i] = e.version();
            endpoints[i] = e.endpoint();
            arms[i] = e.arm();
            errors[i] = e.error();
            latency[i] = e.latencyMs();
            in[i] = e.inputTokens();
            out[i] = e.outputTokens();
            cost[i] = e.cost();
            payloads[i] = e.payload();
        }
        String sql = "INSERT INTO monitoring_event (event_id, ts, model, version, endpoint, arm, is_error, latency_ms, "
                + "input_tokens, output_tokens, cost, payload) SELECT * FROM unnest(?::varchar[], "
                + "?::text[]::timestamptz[], ?::varchar[], ?::int4[], ?::varchar[], ?::varchar[], ?::bool[], "
                + "?::float8[], ?::int8[], ?::int8[], ?::float8[], ?::varchar[]) "
                + "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
        Set<String> inserted = new HashSet<>(n * 2);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", ids));
            ps.setArray(2, c.createArrayOf("text", ts));
            ps.setArray(3, c.createArrayOf("varchar", models));
            ps.setArray(4, c.createArrayOf("int4", versions));
            ps.setArray(5, c.createArrayOf("varchar", endpoints));
            ps.setArray(6, c.createArrayOf("varchar", arms));
            ps.setArray(7, c.createArrayOf("bool", errors));
            ps.setArray(8, c.createArrayOf("float8", latency));
            ps.setArray(9, c.createArrayOf("int8", in));
            ps.setArray(10, c.createArrayOf("int8", out));
            ps.setArray(11, c.createArrayOf("float8", cost));
            ps.setArray(12, c.createArrayOf("varchar", payloads));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) inserted.add(rs.getString(1));
            }
        }
        return inserted;
    }

    /**
     * H2 is embedded: one process, and all writes go through the store's single writer
     * thread, so "look up which ids exist, then insert the rest" cannot race.
     */
    private static Set<String> insertH2(Connection c, List<EventRow> events) throws SQLException {
        Set<String> existing = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT event_id FROM monitoring_event WHERE event_id = ANY(?)")) {
            for (int from = 0; from < events.size(); from += H2_CHUNK) {
                List<EventRow> chunk = events.subList(from, Math.min(events.size(), from + H2_CHUNK));
                Object[] ids = new Object[chunk.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = chunk.get(i).eventId();
                q.setObject(1, ids);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) existing.add(rs.getString(1));
                }
            }
        }
        Set<String> inserted = new HashSet<>(events.size() * 2);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitoring_event (event_id, ts, model, version, "
                + "endpoint, arm, is_error, latency_ms, input_tokens, output_tokens, cost, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (EventRow e : events) {
                if (existing.contains(e.eventId()) || !inserted.add(e.eventId())) continue;
                ps.setString(1, e.eventId());
                ps.setObject(2, e.timestamp().atOffset(ZoneOffset.UTC));
                ps.setString(3, e.model());
                ps.setInt(4, e.version());
                ps.setString(5, e.endpoint());
                ps.setString(6, e.arm());
                ps.setBoolean(7, e.error());
                setDouble(ps, 8, e.latencyMs());
                setLong(ps, 9, e.inputTokens());
                setLong(ps, 10, e.outputTokens());
                setDouble(ps, 11, e.cost());
                ps.setString(12, e.payload());
                ps.addBatch();
                if (++pending == H2_CHUNK) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) ps.executeBatch();
        }
        return inserted;
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public Optional<EventRow> event(String eventId) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, ts, model, version, endpoint, arm, "
                    + "is_error, latency_ms, input_tokens, output_tokens, cost, payload FROM monitoring_event "
                    + "WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new EventRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getBoolean(7), getDouble(rs, 8), getLong(rs, 9),
                            getLong(rs, 10), getDouble(rs, 11), rs.getString(12)));
                }
            }
        });
    }

    @Override
    public boolean setLabel(String eventId, String yTrueJson) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE monitoring_event SET y_true = ? WHERE event_id = ? AND y_true IS NULL")) {
                ps.setString(1, yTrueJson);
                ps.setString(2, eventId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Map<SummaryKey, SummaryRow> lockSummaries(Collection<SummaryKey> keys) {
        if (keys.isEmpty()) return Map.of();
        return jdbc(c -> {
            boolean pg = postgres(c);
            if (pg) {
                // Placeholder rows first, so that two replicas creating the same bucket both
                // find a row to lock instead of one overwriting the other's first counts.
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO monitoring_summary (model, resolution, "
                        + "bucket, version, endpoint, arm, event_count, data) VALUES (?, ?, ?, ?, ?, ?, 0, ?) "
                        + "ON CONFLICT DO NOTHING")) {
                    for (SummaryKey k : keys) {
                        bindKey(ins, k);
                        ins.setBytes(7, new byte[0]);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
            }
            Map<SummaryKey, SummaryRow> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_count, data FROM monitoring_summary WHERE "
                    + "model = ? AND resolution = ? AND bucket = ? AND version = ? AND endpoint = ? AND arm = ? FOR UPDATE")) {
                for (SummaryKey k : keys) {
                    bindKey(ps, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) out.put(k, new SummaryRow(k, rs.getLong(1), rs.getBytes(2)));
                    }
                }
            }
            return out;
        });
    }

    private static void bindKey(PreparedStatement ps, SummaryKey k) throws SQLException {
        ps.setString(1, k.model());
        ps.setString(2, String.valueOf(k.resolution()));
        ps.setObject(3, k.bucket().atOffset(ZoneOffset.UTC));
        ps.setInt(4, k.version());
        ps.setString(5, k.endpoint());
        ps.setString(6, k.arm());
    }

    @Override
    public void saveSummaries(Collection<SummaryRow> rows) {
        if (rows.isEmpty()) return;
        jdbc(c -> {
            String sql = postgres(c)
                    ? "INSERT INTO monitoring_summary (model, resolution, bucket, version, endpoint, arm, event_count, data) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model, resolution, bucket, version, endpoint, arm) "
                            + "DO UPDATE SET event_count = EXCLUDED.event_count, data = EXCLUDED.data"
                    : "MERGE INTO monitoring_summary (model, resolution, bucket, version, endpoint, arm, event_count, data) "
                            + "KEY (model, resolution, bucket, version, endpoint, arm) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (SummaryRow r : rows) {
                    bindKey(ps, r.key());
                    ps.setLong(7, r.count());
                    ps.setBytes(8, r.data());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<SummaryRow> summaries(char resolution, String model, Integer version, String endpoint, String arm,
            Instant from, Instant to) {
        return jdbc(c -> {
            StringBuilder sql = new StringBuilder("SELECT resolution, model, version, endpoint, arm, bucket, event_count, "
                    + "data FROM monitoring_summary WHERE resolution = ? AND bucket >= ? AND bucket < ?");
            if (model != null) sql.append(" AND model = ?");
            if (version != null) sql.append(" AND version = ?");
            if (endpoint != null) sql.append(" AND endpoint = ?");
            if (arm != null) sql.append(" AND arm = ?");
            sql.append(" ORDER BY bucket");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, String.valueOf(resolution));
                ps.setObject(i++, from.atOffset(ZoneOffset.UTC));
                ps.setObject(i++, to.atOffset(ZoneOffset.UTC));
                if (model != null) ps.setString(i++, model);
                if (version != null) ps.setInt(i++, version);
                if (endpoint != null) ps.setString(i++, endpoint);
                if (arm != null) ps.setString(i++, arm);
                List<SummaryRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SummaryKey k = new SummaryKey(rs.getString(1).charAt(0), rs.getString(2), rs.getInt(3),
                                rs.getString(4), rs.getString(5), instant(rs, 6));
                        out.add(new SummaryRow(k, rs.getLong(7), rs.getBytes(8)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<FeatureScheme> schemes() {
        return jdbc(c -> {
            List<FeatureScheme> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT model, feature, kind, bins FROM monitoring_feature");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new FeatureScheme(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
            }
            return out;
        });
    }

    @Override
    public FeatureScheme ensureScheme(FeatureScheme scheme) {
        return jdbc(c -> {
            String insert = postgres(c)
                    ? "INSERT INTO monitoring_feature (model, feature, kind, bins, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                    : "MERGE INTO monitoring_feature t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
                            + "CAST(? AS VARCHAR), CAST(? AS BYTEA), CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) "
                            + "s(model, feature, kind, bins, created_at) ON t.model = s.model AND t.feature = s.feature "
                            + "WHEN NOT MATCHED THEN INSERT VALUES (s.model, s.feature, s.kind, s.bins, s.created_at)";
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, scheme.model());
                ps.setString(2, scheme.feature());
                ps.setString(3, scheme.kind());
                ps.setBytes(4, scheme.bins());
                ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT model, feature, kind, bins FROM monitoring_feature WHERE model = ? AND feature = ?")) {
                ps.setString(1, scheme.model());
                ps.setString(2, scheme.feature());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new FeatureScheme(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4));
                }
            }
        });
    }

    @Override
    public List<Price> prices() {
        return jdbc(c -> {
            List<Price> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT model, input_per_million, output_per_million, "
                    + "currency, updated_at, updated_by FROM model_price ORDER BY model");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Price(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4), instant(rs, 5),
                            rs.getString(6)));
                }
            }
            return out;
        });
    }

    @Override
    public void savePrice(Price p) {
        jdbc(c -> {
            String sql = postgres(c)
                    ? "INSERT INTO model_price (model, input_per_million, output_per_million, currency, updated_at, updated_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (model) DO UPDATE SET input_per_million = "
                            + "EXCLUDED.input_per_million, output_per_million = EXCLUDED.output_per_million, currency = "
                            + "EXCLUDED.currency, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by"
                    : "MERGE INTO model_price (model, input_per_million, output_per_million, currency, updated_at, updated_by) "
                            + "KEY (model) VALUES (?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, p.model());
                ps.setDouble(2, p.inputPerMillion());
                ps.setDouble(3, p.outputPerMillion());
                ps.setString(4, p.currency());
                ps.setObject(5, p.updatedAt().atOffset(ZoneOffset.UTC));
                ps.setString(6, p.updatedBy());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean deletePrice(String model) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_price WHERE model = ?")) {
                ps.setString(1, model);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public long purgeEvents(Instant before) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM monitoring_event WHERE ts < ?")) {
                ps.setObject(1, before.atOffset(ZoneOffset.UTC));
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<BaselineRow> baseline(String model, int version) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT definition, data, updated_at FROM drift_baseline WHERE model = ? AND version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new BaselineRow(model, version, rs.getString(1), rs.getBytes(2), instant(rs, 3)));
                }
            }
        });
    }

    @Override
    public void saveBaseline(BaselineRow row) {
        jdbc(c -> {
            String sql = postgres(c)
                    ? "INSERT INTO drift_baseline (model, version, definition, data, updated_at) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (model, version) DO UPDATE SET definition = EXCLUDED.definition, "
                            + "data = EXCLUDED.data, updated_at = EXCLUDED.updated_at"
                    : "MERGE INTO drift_baseline (model, version, definition, data, updated_at) KEY (model, version) "
                            + "VALUES (?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, row.model());
                ps.setInt(2, row.version());
                ps.setString(3, row.definition());
                ps.setBytes(4, row.data());
                ps.setObject(5, row.updatedAt().atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean deleteBaseline(String model, int version) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM drift_baseline WHERE model = ? AND version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<String> driftSettings(String model) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM drift_settings WHERE model = ?")) {
                ps.setString(1, model);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void saveDriftSettings(String model, String definition, Instant at, String by) {
        jdbc(c -> {
            String sql = postgres(c)
                    ? "INSERT INTO drift_settings (model, definition, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (model) DO UPDATE SET definition = EXCLUDED.definition, "
                            + "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by"
                    : "MERGE INTO drift_settings (model, definition, updated_at, updated_by) KEY (model) VALUES (?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, model);
                ps.setString(2, definition);
                ps.setObject(3, at.atOffset(ZoneOffset.UTC));
                ps.setString(4, by);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
