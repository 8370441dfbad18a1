package org.aegisml.monitoring.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events sent without one: UUIDv7 (RFC 9562), time-ordered so that new rows land at
 * the end of the primary-key index instead of splitting pages all over it, which keeps bulk
 * inserts fast on both H2 and PostgreSQL.
 */
final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String uuid7() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long ms = System.currentTimeMillis();
        long hi = (ms << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] c = new char[36];
        int p = 0;
        for (int i = 60; i >= 0; i -= 4) {
            if (p == 8 || p == 13) c[p++] = '-';
            c[p++] = HEX[(int) (hi >>> i) & 0xF];
        }
        for (int i = 60; i >= 0; i -= 4) {
            if (p == 18 || p == 23) c[p++] = '-';
            c[p++] = HEX[(int) (lo >>> i) & 0xF];
        }
        return new String(c);
    }
}
