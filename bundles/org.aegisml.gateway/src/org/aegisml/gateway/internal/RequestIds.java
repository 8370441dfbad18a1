package org.aegisml.gateway.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids, which are also the event ids of the calls' monitoring events: UUIDv7 (RFC 9562),
 * time-ordered so that the events table's primary key grows at its end, and drawn from
 * {@link ThreadLocalRandom} rather than {@code UUID.randomUUID()}'s SecureRandom, which is
 * slower and shared by every request thread.
 */
final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    static String next() {
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
