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
import java.util.List;
import java.util.Optional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Plain JDBC on a unit of work's connection, for the repositories whose rows are flat values
 * plus JSON columns. Failures surface as Hibernate's converted exceptions, which
 * {@link HibernateStore#translate} maps to the API's (a unique violation: a conflict).
 */
final class Sql {
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    static final Binder NONE = ps -> {
    };

    private final Session s;

    Sql(Session s) {
        this.s = s;
    }

    <T> T jdbc(Work<T> w) {
        // Pending entity changes of the same unit (an audit entry) must reach the database
        // before plain SQL runs on the connection.
        s.flush();
        return s.doReturningWork(w::run);
    }

    int update(String sql, Binder b) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                b.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    <T> Optional<T> one(String sql, Binder b, Row<T> row) {
        List<T> all = list(sql, b, row);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    <T> List<T> list(String sql, Binder b, Row<T> row) {
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

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    /** The value as JSON text, SQL NULL for null (not the JSON literal {@code null}). */
    static String json(Object value) {
        return value == null ? null : Json.write(value);
    }

    static <T> T read(String json, Class<T> type) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column (" + type.getSimpleName() + ")", e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column (" + type.getType() + ")", e);
        }
    }

    /** Refuses a null where the table says NOT NULL, naming the field, before the database would call it a conflict. */
    static <T> T required(T value, String field) {
        if (value == null) throw new IllegalArgumentException(field + " must not be null");
        return value;
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
