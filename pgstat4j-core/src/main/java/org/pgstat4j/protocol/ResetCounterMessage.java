package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_RESETCOUNTER (5, 12 bytes): {@code pg_stat_reset()} for one database.
 *
 * <p>The one way to misuse it: expecting it to reset the cluster-wide counters. It resets one
 * database's; {@link ResetSharedCounterMessage} resets the others.
 */
public record ResetCounterMessage(int databaseId) implements StatMessage {
    public static final int DATABASE_ID = 8;

    public StatMsgType type() {
        return StatMsgType.RESETCOUNTER;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static ResetCounterMessage decode(ByteBuffer b) {
        return new ResetCounterMessage(b.getInt(DATABASE_ID));
    }
}
