package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_CONNECT (24, 12 bytes): a client backend connected (session statistics).
 *
 * <p>The one way to misuse it: sending it for a background process. Only client backends
 * report sessions, so the database's session count would include it.
 */
public record ConnectMessage(int databaseId) implements StatMessage {
    public static final int DATABASE_ID = 8;

    public StatMsgType type() {
        return StatMsgType.CONNECT;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
    }

    static ConnectMessage decode(ByteBuffer b) {
        return new ConnectMessage(b.getInt(DATABASE_ID));
    }
}
