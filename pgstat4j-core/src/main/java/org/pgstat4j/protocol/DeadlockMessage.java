package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_DEADLOCK (21, 12 bytes): the sender was chosen as deadlock victim.
 *
 * <p>The one way to misuse it: sending it for every process of the deadlock. Only the victim
 * reports, so that the database counts each deadlock once.
 */
public record DeadlockMessage(int databaseId) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database of the deadlock. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.DEADLOCK;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static DeadlockMessage decode(ByteBuffer b) {
        return new DeadlockMessage(b.getInt(DATABASE_ID));
    }

    /** The handler: one more deadlock for the database. */
    void apply(ApplyContext c, long now) {
        c.store().databaseOrCreate(databaseId, now).deadlocks++;
    }
}
