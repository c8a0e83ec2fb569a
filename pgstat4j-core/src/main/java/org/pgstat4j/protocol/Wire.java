package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Wire constants (sizes, byte order, the stat interval) and the few field codecs shared by
 * several message types.
 *
 * <p>The wire format is PostgreSQL 14's raw struct images on 64-bit little-endian Linux
 * (spec §3.1): every buffer handed to this package must be {@link #ORDER}; positions are
 * absolute offsets from the start of the datagram.
 *
 * <p>The one way to misuse it: handing it a buffer in the JDK's default byte order
 * (big-endian). Every field would be byte-swapped; use {@link #newBuffer()} or set
 * {@link #ORDER}.
 */
public final class Wire {
    /** {@code PGSTAT_MAX_MSG_SIZE}: no datagram is ever larger. */
    public static final int MAX_MSG_SIZE = 1000;
    /** {@code PgStat_MsgHdr}: m_type int32 at 0, m_size int32 at 4. */
    public static final int HEADER_SIZE = 8;
    public static final int TYPE_OFFSET = 0;
    public static final int SIZE_OFFSET = 4;
    /** {@code NAMEDATALEN}. */
    public static final int NAMEDATALEN = 64;
    /** {@code MAX_XFN_CHARS + 1}: a WAL file name with its NUL. */
    public static final int XLOG_NAME_LEN = 41;
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /**
     * {@code PGSTAT_STAT_INTERVAL}, the protocol's one timing rule, in ms: a backend reports at
     * most this often, and a reader accepts a stats file at most this much older than its
     * request without asking the collector for a new one.
     */
    public static final int STAT_INTERVAL_MS = 500;

    private Wire() {
    }

    /** A new little-endian buffer large enough for any message. */
    public static ByteBuffer newBuffer() {
        return ByteBuffer.allocate(MAX_MSG_SIZE).order(ORDER);
    }

    static boolean getBool(ByteBuffer b, int offset) {
        return b.get(offset) != 0;
    }

    static void putBool(ByteBuffer b, int offset, boolean v) {
        b.put(offset, (byte) (v ? 1 : 0));
    }

    /**
     * Reads a NUL-terminated C string of at most {@code len} bytes (UTF-8). Bytes that are not
     * UTF-8 become {@code '?'}, one byte each: the default replacement U+FFFD takes three bytes
     * and would make the name too long for its own record, so a datagram that passed
     * validation could make decoding throw.
     */
    static String getCString(ByteBuffer b, int offset, int len) {
        int n = 0;
        while (n < len && b.get(offset + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        b.get(offset, bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith("?")
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("a replacing decoder does not throw", e);
        }
    }

    /** Writes {@code s} NUL-padded into {@code len} bytes, truncated to {@code len - 1} bytes. */
    static void putCString(ByteBuffer b, int offset, int len, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, len - 1);
        b.put(offset, bytes, 0, n);
        for (int i = n; i < len; i++) {
            b.put(offset + i, (byte) 0);
        }
    }

    /** UTF-8 length check for names that must fit a NameData with its NUL. */
    static String requireName(String s, int len, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (s.getBytes(StandardCharsets.UTF_8).length >= len) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is longer than " + (len - 1) + " bytes");
        }
        return s;
    }
}
