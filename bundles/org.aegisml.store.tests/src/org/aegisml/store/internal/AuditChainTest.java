package org.aegisml.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.audit.AuditEntry;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static List<AuditEntry> chain(int n) {
        List<AuditEntry> out = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            Instant at = T0.plusSeconds(i);
            String after = "{\"v\":" + i + "}";
            String h = AuditChain.hash(i, at, "alice", "model.create", "models/m" + i, null, after, prev);
            out.add(new AuditEntry(i, at, "alice", "model.create", "models/m" + i, null, after, prev, h));
            prev = h;
        }
        return out;
    }

    private static AuditChain.Verifier verify(List<AuditEntry> entries) {
        AuditChain.Verifier v = new AuditChain.Verifier();
        for (AuditEntry e : entries) {
            if (!v.accept(e)) break;
        }
        return v;
    }

    @Test
    void intactChainVerifies() {
        List<AuditEntry> c = chain(5);
        AuditChain.Verifier v = verify(c);
        assertNull(v.firstBad(), v.reason());
        assertEquals(5, v.checked());
        assertEquals(c.get(4).hash(), v.lastHash());
    }

    @Test
    void hashIsDeterministicAndCoversEveryField() {
        String a = AuditChain.hash(1, T0, "a", "b", "c", null, "{}", AuditChain.GENESIS);
        assertEquals(a, AuditChain.hash(1, T0, "a", "b", "c", null, "{}", AuditChain.GENESIS));
        assertNotEquals(a, AuditChain.hash(2, T0, "a", "b", "c", null, "{}", AuditChain.GENESIS));
        assertNotEquals(a, AuditChain.hash(1, T0.plusNanos(1000), "a", "b", "c", null, "{}", AuditChain.GENESIS));
        assertNotEquals(a, AuditChain.hash(1, T0, "a", "b", "c", "", "{}", AuditChain.GENESIS));
        // Moving text from one field to the next must change the hash.
        assertNotEquals(AuditChain.hash(1, T0, "ab", "c", "t", null, null, AuditChain.GENESIS),
                AuditChain.hash(1, T0, "a", "bc", "t", null, null, AuditChain.GENESIS));
    }

    @Test
    void alteredEntryIsNamed() {
        List<AuditEntry> c = chain(5);
        AuditEntry e = c.get(2);
        c.set(2, new AuditEntry(e.seq(), e.at(), "mallory", e.action(), e.target(), e.before(), e.after(), e.prevHash(),
                e.hash()));
        AuditChain.Verifier v = verify(c);
        assertEquals(3L, v.firstBad());
        assertTrue(v.reason().contains("altered"), v.reason());
    }

    @Test
    void rehashedEntryBreaksTheNextLink() {
        List<AuditEntry> c = chain(5);
        AuditEntry e = c.get(1);
        String forged = AuditChain.hash(e.seq(), e.at(), "mallory", e.action(), e.target(), e.before(), e.after(),
                e.prevHash());
        c.set(1, new AuditEntry(e.seq(), e.at(), "mallory", e.action(), e.target(), e.before(), e.after(), e.prevHash(),
                forged));
        assertEquals(3L, verify(c).firstBad());
    }

    @Test
    void removedEntryIsNamed() {
        List<AuditEntry> c = chain(5);
        c.remove(3);
        AuditChain.Verifier v = verify(c);
        assertEquals(4L, v.firstBad());
        assertTrue(v.reason().contains("missing"), v.reason());
    }
}
