package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * Encodes and decodes whole datagrams: header plus the record's fields at PostgreSQL 14's
 * offsets, little-endian. {@link #validate} is the collector's gate: nothing reaches
 * {@link #decode} unless it passed, so decoding never reads outside the datagram. It knows no
 * message kind by name: sizes, entry counts and field checks come from {@link StatMsgType}.
 *
 * <p>The one way to misuse it: calling {@link #decode} on bytes that {@link #validate} has not
 * passed. Decoding trusts the lengths that validation checked.
 */
public final class MessageCodec {
    static {
        for (StatMsgType t : StatMsgType.values()) {
            if (t.maxSize() > Wire.MAX_MSG_SIZE) {
                throw new ExceptionInInitializerError("message type " + t + " can reach "
                        + t.maxSize() + " bytes, over PGSTAT_MAX_MSG_SIZE " + Wire.MAX_MSG_SIZE);
            }
        }
    }

    private MessageCodec() {
    }

    /**
     * Writes {@code m} at offset 0 of {@code dst} (little-endian, at least 1000 bytes), padding
     * zeroed, and sets position 0 and limit to the datagram length, which it returns.
     */
    public static int encode(StatMessage m, ByteBuffer dst) {
        int size = m.encodedSize();
        if (size > Wire.MAX_MSG_SIZE) {
            throw new IllegalArgumentException(m.type() + " message of " + size + " bytes exceeds "
                    + Wire.MAX_MSG_SIZE);
        }
        if (dst.order() != Wire.ORDER) {
            throw new IllegalArgumentException("buffer must be little-endian");
        }
        dst.clear();
        for (int i = 0; i < size; i++) {
            dst.put(i, (byte) 0);
        }
        dst.putInt(Wire.TYPE_OFFSET, m.type().code());
        dst.putInt(Wire.SIZE_OFFSET, size);
        m.encodeBody(dst);
        dst.limit(size);
        return size;
    }

    /** The datagram bytes of {@code m}. */
    public static byte[] encode(StatMessage m) {
        ByteBuffer b = Wire.newBuffer();
        int n = encode(m, b);
        byte[] out = new byte[n];
        b.get(0, out);
        return out;
    }

    /**
     * Checks a received datagram of {@code length} bytes held from offset 0 of {@code b}.
     * Returns {@code null} if it is acceptable, else why not.
     */
    public static RejectReason validate(ByteBuffer b, int length) {
        if (length < Wire.HEADER_SIZE) {
            return RejectReason.SHORT;
        }
        if (length > Wire.MAX_MSG_SIZE) {
            return RejectReason.TOO_LONG;
        }
        if (b.getInt(Wire.SIZE_OFFSET) != length) {
            return RejectReason.SIZE_MISMATCH;
        }
        StatMsgType t = StatMsgType.fromCode(b.getInt(Wire.TYPE_OFFSET));
        if (t == null) {
            return RejectReason.UNKNOWN_TYPE;
        }
        if (!t.isVariable()) {
            return length == t.headerSize() ? t.checkFields(b) : RejectReason.BAD_LENGTH;
        }
        if (length < t.headerSize() || (length - t.headerSize()) % t.entrySize() != 0) {
            return RejectReason.BAD_LENGTH;
        }
        int n = b.getInt(t.entryCountOffset());
        if (n < 0 || n > t.maxEntries() || t.sizeFor(n) != length) {
            return RejectReason.BAD_ENTRY_COUNT;
        }
        return t.checkFields(b);
    }

    /** Validates, then decodes. Throws {@link MalformedMessageException} naming the reason. */
    public static StatMessage decode(ByteBuffer b, int length) {
        RejectReason r = validate(b, length);
        if (r != null) {
            throw new MalformedMessageException(r, length);
        }
        return decodeValidated(b);
    }

    /** Decodes a datagram that {@link #validate} accepted. */
    public static StatMessage decodeValidated(ByteBuffer b) {
        return StatMsgType.fromCode(b.getInt(Wire.TYPE_OFFSET)).decodeBody(b);
    }

    /** Decodes the bytes of one datagram. */
    public static StatMessage decode(byte[] datagram) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(datagram.length, Wire.HEADER_SIZE)).order(Wire.ORDER);
        b.put(0, datagram);
        return decode(b, datagram.length);
    }
}
