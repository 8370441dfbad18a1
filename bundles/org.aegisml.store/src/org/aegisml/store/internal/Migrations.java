package org.aegisml.store.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts listed in {@code db/migration/index}, each once, in order,
 * and refuses to start when an applied script has changed since (its checksum is recorded).
 * Hibernate only validates the schema against the entities; it never changes it.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    /** Key of the PostgreSQL advisory lock that keeps two replicas from migrating at once. */
    private static final long LOCK_KEY = 0x4165676973L;

    record Script(int version, String file, String sql, String checksum) {
    }

    private Migrations() {
    }

    /** Returns the number of scripts applied by this call. */
    static int apply(DataSource ds, boolean postgres) throws SQLException, IOException {
        List<Script> scripts = load();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            if (postgres) {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, LOCK_KEY);
                    lock.execute();
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS aegisml_schema_history (version INTEGER NOT NULL PRIMARY KEY, "
                        + "script VARCHAR(255) NOT NULL, checksum VARCHAR(64) NOT NULL, "
                        + "applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)");
            }
            Map<Integer, String> applied = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version, checksum FROM aegisml_schema_history")) {
                while (rs.next()) applied.put(rs.getInt(1), rs.getString(2));
            }
            int count = 0;
            for (Script s : scripts) {
                String known = applied.get(s.version());
                if (known != null) {
                    if (!known.equals(s.checksum())) {
                        throw new IllegalStateException("migration " + s.file() + " was changed after it was applied "
                                + "(checksum " + known + " in the database, " + s.checksum() + " now)");
                    }
                    continue;
                }
                try (Statement st = c.createStatement()) {
                    for (String sql : statements(s.sql())) st.execute(sql);
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO aegisml_schema_history (version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    ins.setInt(1, s.version());
                    ins.setString(2, s.file());
                    ins.setString(3, s.checksum());
                    ins.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                    ins.executeUpdate();
                }
                LOG.info("Applied migration {}", s.file());
                count++;
            }
            c.commit();
            return count;
        }
    }

    static List<Script> load() throws IOException {
        List<Script> out = new ArrayList<>();
        int last = 0;
        for (String line : read("db/migration/index").split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) continue;
            Matcher m = NAME.matcher(file);
            if (!m.matches()) throw new IllegalStateException("bad migration file name " + file);
            int version = Integer.parseInt(m.group(1));
            if (version <= last) throw new IllegalStateException("migrations out of order at " + file);
            last = version;
            String sql = read("db/migration/" + file);
            out.add(new Script(version, file, sql, Hashing.sha256Hex(sql.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    /** Splits a script at semicolons that end a line; lines starting with -- are comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) continue;
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = cur.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder sb = new StringBuilder();
                r.lines().forEach(l -> sb.append(l).append('\n'));
                return sb.toString();
            }
        }
    }
}
