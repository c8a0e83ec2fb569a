package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.StatsStore;

/**
 * PGSTAT_MTYPE_RESETCOUNTER (5, 12 bytes): {@code pg_stat_reset()} for one database.
 *
 * <p>The one way to misuse it: expecting it to reset the cluster-wide counters. It resets one
 * database's; {@link ResetSharedCounterMessage} resets the others.
 */
public record ResetCounterMessage(int databaseId) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database to reset. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.RESETCOUNTER;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static ResetCounterMessage decode(ByteBuffer b) {
        return new ResetCounterMessage(b.getInt(DATABASE_ID));
    }

    /** The handler: an existing database starts over from zero (reset now). */
    void apply(ApplyContext c, long now) {
        StatsStore store = c.store();
        if (store.database(databaseId) == null) {
            return;
        }
        store.removeDatabase(databaseId);
        store.databaseOrCreate(databaseId, now);
    }
}
