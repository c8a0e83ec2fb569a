package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_TEMPFILE (20, 24 bytes): a temporary file was deleted; size unsigned 64-bit.
 *
 * <p>The one way to misuse it: reading {@code fileSize} as a signed number. It is unsigned;
 * use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
 */
public record TempFileMessage(int databaseId, long fileSize) implements StatMessage {
    public static final int DATABASE_ID = 8;
    public static final int FILE_SIZE = 16;

    public StatMsgType type() {
        return StatMsgType.TEMPFILE;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putLong(FILE_SIZE, fileSize);
    }

    static TempFileMessage decode(ByteBuffer b) {
        return new TempFileMessage(b.getInt(DATABASE_ID), b.getLong(FILE_SIZE));
    }
}
