package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_TEMPFILE (20, 24 bytes): a temporary file was deleted; size unsigned 64-bit.
 *
 * <p>The one way to misuse it: reading {@code fileSize} as a signed number. It is unsigned;
 * use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
 */
public record TempFileMessage(int databaseId, long fileSize) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database the file belonged to. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_filesize: the file's size in bytes (size_t, unsigned). */
    public static final int FILE_SIZE = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

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

    /** The handler: one more temporary file, and its bytes, for the database. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().databaseOrCreate(databaseId, now);
        d.tempBytes += fileSize;
        d.tempFiles++;
    }
}
