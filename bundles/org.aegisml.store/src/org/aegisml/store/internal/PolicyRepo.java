package org.aegisml.store.internal;

import static org.aegisml.store.internal.Sql.instant;
import static org.aegisml.store.internal.Sql.json;
import static org.aegisml.store.internal.Sql.read;
import static org.aegisml.store.internal.Sql.required;
import static org.aegisml.store.internal.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.policy.Policy;
import org.aegisml.api.policy.PolicyDocument;
import org.aegisml.api.store.PolicyRepository;
import org.hibernate.Session;

/** Policy versions in table {@code policy} (V7), plain JDBC; the document is a JSON column. */
final class PolicyRepo implements PolicyRepository {
    private static final String FIELDS = "name, version, enabled, format, source, document_json, created_at, created_by";
    private final Sql sql;

    PolicyRepo(Session session) {
        this.sql = new Sql(session);
    }

    @Override
    public void insert(Policy p) {
        sql.update("INSERT INTO policy (" + FIELDS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, required(p.name(), "name"));
            ps.setInt(2, p.version());
            ps.setBoolean(3, p.enabled());
            ps.setString(4, required(p.format(), "format"));
            ps.setString(5, required(p.source(), "source"));
            ps.setString(6, json(required(p.document(), "document")));
            ps.setObject(7, ts(required(p.createdAt(), "createdAt")));
            ps.setString(8, required(p.createdBy(), "createdBy"));
        });
    }

    @Override
    public List<Policy> latest() {
        return sql.list("SELECT " + FIELDS + " FROM policy p WHERE version = "
                + "(SELECT MAX(version) FROM policy q WHERE q.name = p.name) ORDER BY name", Sql.NONE, PolicyRepo::row);
    }

    @Override
    public List<Policy> versions(String name) {
        return sql.list("SELECT " + FIELDS + " FROM policy WHERE name = ? ORDER BY version", ps -> ps.setString(1, name),
                PolicyRepo::row);
    }

    @Override
    public Optional<Policy> find(String name, int version) {
        return sql.one("SELECT " + FIELDS + " FROM policy WHERE name = ? AND version = ?", ps -> {
            ps.setString(1, name);
            ps.setInt(2, version);
        }, PolicyRepo::row);
    }

    @Override
    public Optional<Policy> latest(String name) {
        return sql.one("SELECT " + FIELDS + " FROM policy WHERE name = ? ORDER BY version DESC LIMIT 1",
                ps -> ps.setString(1, name), PolicyRepo::row);
    }

    @Override
    public Optional<Policy> lockLatest(String name) {
        return sql.one("SELECT " + FIELDS + " FROM policy WHERE name = ? ORDER BY version DESC LIMIT 1 FOR UPDATE",
                ps -> ps.setString(1, name), PolicyRepo::row);
    }

    @Override
    public void setEnabled(String name, int version, boolean enabled) {
        int n = sql.update("UPDATE policy SET enabled = ? WHERE name = ? AND version = ?", ps -> {
            ps.setBoolean(1, enabled);
            ps.setString(2, name);
            ps.setInt(3, version);
        });
        if (n == 0) throw new NotFoundException("name", "no policy " + name + " version " + version);
    }

    @Override
    public int delete(String name) {
        return sql.update("DELETE FROM policy WHERE name = ?", ps -> ps.setString(1, name));
    }

    private static Policy row(ResultSet rs) throws SQLException {
        return new Policy(rs.getString(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                read(rs.getString(6), PolicyDocument.class), instant(rs, 7), rs.getString(8));
    }
}
