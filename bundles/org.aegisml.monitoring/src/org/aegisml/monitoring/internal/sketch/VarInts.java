package org.aegisml.monitoring.internal.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Unsigned LEB128 varints (and zigzag for signed values) for the summaries' binary form: most
 * counts and index gaps fit in one or two bytes, so a sparse summary stays a few hundred bytes.
 */
final class VarInts {
    private VarInts() {
    }

    static void writeUnsigned(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readUnsigned(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("malformed varint");
    }

    static void writeSigned(DataOutput out, long v) throws IOException {
        writeUnsigned(out, (v << 1) ^ (v >> 63));
    }

    static long readSigned(DataInput in) throws IOException {
        long u = readUnsigned(in);
        return (u >>> 1) ^ -(u & 1);
    }

    /** A count or size that must lie in [0, max]; anything else means corrupt input. */
    static long readBounded(DataInput in, long max) throws IOException {
        long v = readUnsigned(in);
        if (v < 0 || v > max) throw new IOException("corrupt summary: value " + Long.toUnsignedString(v) + " out of range");
        return v;
    }
}
