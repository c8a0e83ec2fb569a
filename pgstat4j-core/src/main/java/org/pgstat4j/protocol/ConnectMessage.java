package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_CONNECT (24, 12 bytes): a client backend connected (session statistics).
 *
 * <p>The one way to misuse it: sending it for a background process. Only client backends
 * report sessions, so the database's session count would include it.
 */
public record ConnectMessage(int databaseId) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database connected to. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.CONNECT;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static ConnectMessage decode(ByteBuffer b) {
        return new ConnectMessage(b.getInt(DATABASE_ID));
    }

    /** The handler: one more session for the database. */
    void apply(ApplyContext c, long now) {
        c.store().databaseOrCreate(databaseId, now).sessions++;
    }
}
