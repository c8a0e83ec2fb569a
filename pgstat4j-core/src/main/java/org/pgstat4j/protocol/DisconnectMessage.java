package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_DISCONNECT (25, 16 bytes): a client backend ended; {@code cause} is a
 * {@code SessionEndType}: NOT_YET 0, NORMAL 1, CLIENT_EOF 2, FATAL 3, KILLED 4.
 *
 * <p>The one way to misuse it: sending another one for a session that {@code Backend.close()}
 * already ended. An abnormal end cause is then counted twice.
 */
public record DisconnectMessage(int databaseId, int cause) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database disconnected from. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_cause: a {@code SessionEndType} ({@link #NOT_YET} … {@link #KILLED}). */
    public static final int CAUSE = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();
    public static final int NOT_YET = 0;
    public static final int NORMAL = 1;
    public static final int CLIENT_EOF = 2;
    public static final int FATAL = 3;
    public static final int KILLED = 4;

    public StatMsgType type() {
        return StatMsgType.DISCONNECT;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(CAUSE, cause);
    }

    static DisconnectMessage decode(ByteBuffer b) {
        return new DisconnectMessage(b.getInt(DATABASE_ID), b.getInt(CAUSE));
    }

    /** The handler: the database's counter for how the session ended, if it is counted. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().databaseOrCreate(databaseId, now);
        switch (cause) {
            case CLIENT_EOF -> d.sessionsAbandoned++;
            case FATAL -> d.sessionsFatal++;
            case KILLED -> d.sessionsKilled++;
            default -> {
                // NOT_YET, NORMAL: nothing to count
            }
        }
    }
}
