package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_VACUUM (11, 48 bytes): result of a lazy VACUUM of one table.
 *
 * <p>The one way to misuse it: setting {@code autovacuum} for a manual VACUUM, or the reverse.
 * The flag decides which of {@code vacuum_count} and {@code autovacuum_count} grows.
 */
public record VacuumMessage(int databaseId, int tableOid, boolean autovacuum, long vacuumTime,
                            long liveTuples, long deadTuples) implements StatMessage {
    public static final int DATABASE_ID = 8;
    public static final int TABLE_OID = 12;
    public static final int AUTOVACUUM = 16;
    public static final int VACUUM_TIME = 24;
    public static final int LIVE_TUPLES = 32;
    public static final int DEAD_TUPLES = 40;

    public StatMsgType type() {
        return StatMsgType.VACUUM;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(TABLE_OID, tableOid);
        Wire.putBool(b, AUTOVACUUM, autovacuum);
        b.putLong(VACUUM_TIME, vacuumTime);
        b.putLong(LIVE_TUPLES, liveTuples);
        b.putLong(DEAD_TUPLES, deadTuples);
    }

    static VacuumMessage decode(ByteBuffer b) {
        return new VacuumMessage(b.getInt(DATABASE_ID), b.getInt(TABLE_OID), Wire.getBool(b, AUTOVACUUM),
                b.getLong(VACUUM_TIME), b.getLong(LIVE_TUPLES), b.getLong(DEAD_TUPLES));
    }
}
