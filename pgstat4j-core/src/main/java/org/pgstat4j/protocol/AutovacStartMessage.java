package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_AUTOVAC_START (10, 24 bytes): an autovacuum worker started on a database.
 *
 * <p>The one way to misuse it: sending it for anything but an autovacuum worker's start. It
 * stamps the database's last autovacuum time.
 */
public record AutovacStartMessage(int databaseId, long startTime) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database the worker vacuums. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_start_time: when the worker started (TimestampTz). */
    public static final int START_TIME = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.AUTOVAC_START;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putLong(START_TIME, startTime);
    }

    static AutovacStartMessage decode(ByteBuffer b) {
        return new AutovacStartMessage(b.getInt(DATABASE_ID), b.getLong(START_TIME));
    }

    /** The handler: the database's last autovacuum time. */
    void apply(ApplyContext c, long now) {
        c.store().databaseOrCreate(databaseId, now).lastAutovacTime = startTime;
    }
}
