package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_RESETSINGLECOUNTER (7, 20 bytes): reset one table (type 0) or function
 * (type 1) of a database.
 *
 * <p>The one way to misuse it: expecting it to reset a shared catalog's counters. It names the
 * sender's own database, so shared catalogs cannot be reset, as in PostgreSQL 14.
 */
public record ResetSingleCounterMessage(int databaseId, int resetType, int objectId) implements StatMessage {
    public static final int DATABASE_ID = 8;
    public static final int RESET_TYPE = 12;
    public static final int OBJECT_ID = 16;
    public static final int RESET_TABLE = 0;
    public static final int RESET_FUNCTION = 1;

    public StatMsgType type() {
        return StatMsgType.RESETSINGLECOUNTER;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(RESET_TYPE, resetType);
        b.putInt(OBJECT_ID, objectId);
    }

    static ResetSingleCounterMessage decode(ByteBuffer b) {
        return new ResetSingleCounterMessage(b.getInt(DATABASE_ID), b.getInt(RESET_TYPE), b.getInt(OBJECT_ID));
    }
}
