package org.aegisml.store.internal;

import static org.aegisml.store.internal.DeploymentFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.store.Leadership;
import org.aegisml.api.store.Store;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;

/**
 * Leadership between replicas. Two {@link AdvisoryLeadership} instances on connections of
 * their own stand for two processes. Role names are unique per test: advisory locks are
 * database-wide, and other test runs may share the database.
 */
class LeadershipTest {

    @Test
    void theServiceIsOfferedWithTheStore() throws Exception {
        TestRuntime.ensureStore();
        TestRuntime.service(Store.class);
        Leadership leadership = TestRuntime.service(Leadership.class);
        String role = unique("role");
        // Alone (H2: always; PostgreSQL: nobody else asks for this role), it holds.
        assertTrue(leadership.holds(role));
        assertTrue(leadership.holds(role));
        leadership.release(role);
        assertTrue(leadership.holds(role));
        leadership.release(role);
    }

    @Test
    void keysAreStableAndDistinct() {
        assertEquals(AdvisoryLeadership.key("rollout-controller"), AdvisoryLeadership.key("rollout-controller"));
        assertNotEquals(AdvisoryLeadership.key("rollout-controller"), AdvisoryLeadership.key("cost-import"));
        // sha256("aegisml:x") starts with these 8 bytes; a change would split replicas of two versions.
        assertEquals(0xbdbd1e999b46430aL, AdvisoryLeadership.key("x"));
    }

    @Test
    void exactlyOneReplicaHoldsARoleAndTheOtherTakesOverOnRelease() throws Exception {
        assumeTrue(TestRuntime.postgres(), "advisory locks exist on PostgreSQL only");
        String role = unique("role");
        try (AdvisoryLeadership a = replica(); AdvisoryLeadership b = replica()) {
            assertTrue(a.holds(role));
            assertFalse(b.holds(role));
            assertTrue(a.holds(role), "asking again keeps it");
            assertFalse(b.holds(role));
            // Roles are independent.
            String other = unique("role");
            assertTrue(b.holds(other));
            assertFalse(a.holds(other));

            a.release(role);
            assertTrue(b.holds(role));
            assertFalse(a.holds(role));
            a.release(role); // not held: nothing happens
            assertTrue(b.holds(role));
        }
    }

    @Test
    void aKilledConnectionLosesTheRoleAndTheOtherTakesOver() throws Exception {
        assumeTrue(TestRuntime.postgres(), "advisory locks exist on PostgreSQL only");
        String role = unique("role");
        try (AdvisoryLeadership a = replica(); AdvisoryLeadership b = replica();
                Connection admin = TestRuntime.rawConnection()) {
            admin.setAutoCommit(true);
            assertTrue(a.holds(role));
            assertFalse(b.holds(role));
            List<Integer> pids = holders(admin, role);
            assertEquals(1, pids.size(), "one session holds the lock");
            try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
                ps.setInt(1, pids.get(0));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next() && rs.getBoolean(1), "the holder's backend did not end within 5 s");
                }
            }
            assertTrue(b.holds(role), "the lock is free once its session is gone");
            assertFalse(a.holds(role), "a replica whose connection died must stop acting");
            assertFalse(a.holds(role), "and cannot take it back while another holds it");
            b.release(role);
            assertTrue(a.holds(role), "on a new connection it acquires again");
        }
    }

    @Test
    void anUnreachableDatabaseAnswersFalseQuickly() throws Exception {
        // A port nothing listens on: the connection is refused at once.
        try (AdvisoryLeadership down = new AdvisoryLeadership(
                StoreLeadership.dataSource(config("jdbc:postgresql://127.0.0.1:1/none", "", "")))) {
            long start = System.nanoTime();
            assertFalse(down.holds("anything"));
            assertFalse(down.holds("anything"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < (StoreLeadership.TIMEOUT_SECONDS + 1) * 1000L, ms + " ms");
        }
    }

    private static List<Integer> holders(Connection admin, String role) throws Exception {
        // An advisory lock on a bigint shows in pg_locks as its high half (classid) and low half (objid).
        long key = AdvisoryLeadership.key(role);
        try (PreparedStatement ps = admin.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                + "AND granted AND objsubid = 1 AND classid::bigint = ? AND objid::bigint = ?")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pids.add(rs.getInt(1));
            }
            return pids;
        }
    }

    private static AdvisoryLeadership replica() throws Exception {
        var p = TestRuntime.storeProperties();
        return new AdvisoryLeadership(StoreLeadership.dataSource(config(p.get("url").toString(),
                p.getOrDefault("user", "").toString(), p.getOrDefault("password", "").toString())));
    }

    private static StoreConfig config(String url, String user, String password) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public String dataDir() {
                return "";
            }

            @Override
            public String artifactDir() {
                return "";
            }

            @Override
            public int poolSize() {
                return 1;
            }

            @Override
            public long connectionTimeoutMs() {
                return 1000;
            }

            @Override
            public int socketTimeoutSeconds() {
                return 15;
            }

            @Override
            public int startupTimeoutSeconds() {
                return 10;
            }
        };
    }
}
