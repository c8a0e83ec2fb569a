package org.pgstat4j.protocol;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds an expected datagram byte by byte, little-endian, at offsets typed in from the spec's
 * layout tables. Deliberately shares nothing with the production codec (no ByteBuffer, no
 * offset constants), so a wrong constant in the codec cannot also be wrong here. Every byte
 * not written stays zero, which is what PostgreSQL 14 padding must be on our side.
 */
final class LeBytes {
    private final byte[] b;

    private LeBytes(int size) {
        b = new byte[size];
    }

    /** A datagram of {@code size} bytes with the header (m_type at 0, m_size at 4) filled in. */
    static LeBytes datagram(int type, int size) {
        return new LeBytes(size).i32(0, type).i32(4, size);
    }

    /** Raw bytes, header not filled in: for malformed datagrams. */
    static LeBytes raw(int size) {
        return new LeBytes(size);
    }

    LeBytes u8(int offset, int v) {
        b[offset] = (byte) v;
        return this;
    }

    LeBytes i32(int offset, int v) {
        for (int i = 0; i < 4; i++) {
            b[offset + i] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    LeBytes i64(int offset, long v) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** The UTF-8 bytes of {@code s} at {@code offset}; the rest of the field stays NUL. */
    LeBytes str(int offset, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, b, offset, bytes.length);
        return this;
    }

    byte[] bytes() {
        return b.clone();
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
