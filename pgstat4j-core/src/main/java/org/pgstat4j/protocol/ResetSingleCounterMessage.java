package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_RESETSINGLECOUNTER (7, 20 bytes): reset one table (type 0) or function
 * (type 1) of a database.
 *
 * <p>The one way to misuse it: expecting it to reset a shared catalog's counters. It names the
 * sender's own database, so shared catalogs cannot be reset, as in PostgreSQL 14.
 */
public record ResetSingleCounterMessage(int databaseId, int resetType, int objectId) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the object's database. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_resettype: {@link #RESET_TABLE} or {@link #RESET_FUNCTION}. */
    public static final int RESET_TYPE = LAYOUT.int32();
    /** m_objectid: the table's or function's OID. */
    public static final int OBJECT_ID = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();
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

    /** The handler: one table's or function's entry goes; the database notes the reset. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().database(databaseId);
        if (d == null) {
            return;
        }
        d.statResetTimestamp = now;
        if (resetType == RESET_TABLE) {
            d.tables.remove(objectId);
            d.tableChanged(objectId);
        } else if (resetType == RESET_FUNCTION) {
            d.functions.remove(objectId);
            d.functionChanged(objectId);
        }
    }
}
