package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_DROPDB (4, 12 bytes): a database was dropped; its statistics go too.
 *
 * <p>The one way to misuse it: sending it before DROP DATABASE has completed. The statistics
 * go at once and stay gone if the drop then fails.
 */
public record DropDbMessage(int databaseId) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the dropped database. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.DROPDB;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static DropDbMessage decode(ByteBuffer b) {
        return new DropDbMessage(b.getInt(DATABASE_ID));
    }

    /** The handler: the database's entry goes, and with it its temporary file. */
    void apply(ApplyContext c, long now) {
        if (c.store().removeDatabase(databaseId) != null) {
            c.persistence().removeTemporaryDatabaseFile(databaseId);
        }
    }
}
