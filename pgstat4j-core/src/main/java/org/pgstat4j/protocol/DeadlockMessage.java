package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_DEADLOCK (21, 12 bytes): the sender was chosen as deadlock victim.
 *
 * <p>The one way to misuse it: sending it for every process of the deadlock. Only the victim
 * reports, so that the database counts each deadlock once.
 */
public record DeadlockMessage(int databaseId) implements StatMessage {
    public static final int DATABASE_ID = 8;

    public StatMsgType type() {
        return StatMsgType.DEADLOCK;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static DeadlockMessage decode(ByteBuffer b) {
        return new DeadlockMessage(b.getInt(DATABASE_ID));
    }
}
