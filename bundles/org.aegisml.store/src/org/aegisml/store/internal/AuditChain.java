package org.aegisml.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import org.aegisml.api.audit.AuditEntry;

/**
 * The hash that chains audit entries. Each field is written length-prefixed, so no two
 * different entries can produce the same input by shifting text between fields.
 */
public final class AuditChain {
    /** prevHash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(long seq, Instant at, String actor, String action, String target, String before,
            String after, String prevHash) {
        MessageDigest md = Hashing.sha256();
        field(md, Long.toString(seq));
        field(md, at.toString());
        field(md, actor);
        field(md, action);
        field(md, target);
        field(md, before);
        field(md, after);
        field(md, prevHash);
        return HexFormat.of().formatHex(md.digest());
    }

    public static String hash(AuditEntry e) {
        return hash(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.before(), e.after(), e.prevHash());
    }

    private static void field(MessageDigest md, String value) {
        if (value == null) {
            md.update("-1:".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        md.update(b);
    }

    /** Walks entries in sequence order and reports the first one that breaks the chain. */
    public static final class Verifier {
        private long expectedSeq = 1;
        private String prevHash = GENESIS;
        private long checked;
        private Long firstBad;
        private String reason;

        /** Returns false once a break was found; later entries are not examined. */
        public boolean accept(AuditEntry e) {
            if (firstBad != null) return false;
            checked++;
            if (e.seq() != expectedSeq) {
                return fail(expectedSeq, e.seq() > expectedSeq ? "entry " + expectedSeq + " is missing" : "duplicate sequence");
            }
            if (!prevHash.equals(e.prevHash())) {
                return fail(e.seq(), "prev_hash does not match the hash of entry " + (e.seq() - 1));
            }
            String actual = hash(e);
            if (!actual.equals(e.hash())) {
                return fail(e.seq(), "content does not match its hash (the entry was altered)");
            }
            prevHash = e.hash();
            expectedSeq++;
            return true;
        }

        private boolean fail(long seq, String why) {
            firstBad = seq;
            reason = why;
            return false;
        }

        public long checked() {
            return checked;
        }

        public Long firstBad() {
            return firstBad;
        }

        public String reason() {
            return reason;
        }

        public String lastHash() {
            return prevHash;
        }
    }
}
