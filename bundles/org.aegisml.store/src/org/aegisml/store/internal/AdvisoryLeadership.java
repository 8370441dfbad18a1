package org.aegisml.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.aegisml.api.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roles as PostgreSQL session advisory locks, all held on one connection of this process's
 * own, outside the pool: a pooled connection goes back to the pool and to other work, and a
 * session lock must live exactly as long as the session that took it. When this process dies
 * or loses the database, that connection closes, PostgreSQL frees its locks, and another
 * replica's next {@link #holds} takes them.
 * <p>
 * Every call is synchronized: calls are rare (once per unit of singleton work) and short, and
 * one lock keeps the connection and the set of held roles consistent. Each is bounded by the
 * data source's connect and socket timeouts and the {@value #VALID_SECONDS} s validity check,
 * so a database that stops answering costs a caller seconds, not minutes.
 */
final class AdvisoryLeadership implements Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLeadership.class);
    static final int VALID_SECONDS = 2;
    /** After a failed connect, calls answer false at once for this long instead of each trying again. */
    private static final long RECONNECT_PAUSE_NANOS = 1_000_000_000L;

    private final DataSource source;
    private final Set<String> held = new HashSet<>();
    private Connection connection;
    private long nextConnectAt;
    private boolean closed;

    AdvisoryLeadership(DataSource source) {
        this.source = source;
    }

    /** The lock key of a role: the first 8 bytes of SHA-256 of {@code aegisml:<role>}, stable across versions. */
    static long key(String role) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("aegisml:" + role).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    @Override
    public synchronized boolean holds(String role) {
        if (closed) return false;
        Connection c = connection();
        if (c == null) return false;
        try {
            if (held.contains(role)) {
                if (c.isValid(VALID_SECONDS)) return true;
                lost("its connection is no longer valid", null);
                return false;
            }
            boolean got;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key(role));
                try (ResultSet rs = ps.executeQuery()) {
                    got = rs.next() && rs.getBoolean(1);
                }
            }
            if (got) {
                held.add(role);
                LOG.info("This process now holds the role {}", role);
            }
            return got;
        } catch (SQLException e) {
            lost("the database failed", e);
            return false;
        }
    }

    @Override
    public synchronized void release(String role) {
        if (!held.remove(role) || connection == null) return;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key(role));
            ps.execute();
            LOG.info("Released the role {}", role);
        } catch (SQLException e) {
            // The lock cannot outlive a session whose connection fails: closing it frees the lock.
            lost("releasing " + role + " failed", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }

    private Connection connection() {
        if (connection != null) return connection;
        if (System.nanoTime() - nextConnectAt < 0) return null;
        try {
            Connection c = source.getConnection();
            c.setAutoCommit(true);
            connection = c;
            return c;
        } catch (SQLException e) {
            nextConnectAt = System.nanoTime() + RECONNECT_PAUSE_NANOS;
            LOG.debug("No connection for leadership: {}", e.toString());
            return null;
        }
    }

    /** Gives up the connection and with it every role; the next call starts on a new one. */
    private void lost(String why, Exception cause) {
        if (!held.isEmpty()) {
            LOG.warn("Lost the role(s) {}: {}{}", held, why, cause == null ? "" : " (" + cause.getMessage() + ")");
        }
        drop();
    }

    private void drop() {
        held.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the leadership connection: {}", e.toString());
            }
            connection = null;
        }
    }
}
