package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.TabEntry;

/**
 * PGSTAT_MTYPE_VACUUM (11, 48 bytes): result of a lazy VACUUM of one table.
 *
 * <p>The one way to misuse it: setting {@code autovacuum} for a manual VACUUM, or the reverse.
 * The flag decides which of {@code vacuum_count} and {@code autovacuum_count} grows.
 */
public record VacuumMessage(int databaseId, int tableOid, boolean autovacuum, long vacuumTime,
                            long liveTuples, long deadTuples) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the table's database (0 for shared tables). */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_tableoid: the vacuumed table. */
    public static final int TABLE_OID = LAYOUT.int32();
    /** m_autovacuum: sent by an autovacuum worker. */
    public static final int AUTOVACUUM = LAYOUT.bool();
    /** m_vacuumtime: when the vacuum finished (TimestampTz). */
    public static final int VACUUM_TIME = LAYOUT.int64();
    /** m_live_tuples: live tuples after the vacuum. */
    public static final int LIVE_TUPLES = LAYOUT.int64();
    /** m_dead_tuples: dead tuples after the vacuum. */
    public static final int DEAD_TUPLES = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

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

    /** The handler: the table's tuple counts are replaced; its vacuum time and count advance. */
    void apply(ApplyContext c, long now) {
        TabEntry t = c.store().databaseOrCreate(databaseId, now).tableOrCreate(tableOid);
        t.nLiveTuples = liveTuples;
        t.nDeadTuples = deadTuples;
        t.insertsSinceVacuum = 0;
        if (autovacuum) {
            t.autovacVacuumTimestamp = vacuumTime;
            t.autovacVacuumCount++;
        } else {
            t.vacuumTimestamp = vacuumTime;
            t.vacuumCount++;
        }
    }
}
