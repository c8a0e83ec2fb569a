package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.TabEntry;

/**
 * PGSTAT_MTYPE_ANALYZE (12, 48 bytes): result of ANALYZE of one table; {@code resetCounter}
 * is true when all columns were analyzed.
 *
 * <p>The one way to misuse it: sending the raw live and dead counts of an ANALYZE that ran
 * inside a transaction with changes of its own. PostgreSQL corrects them first, and so does
 * {@code EventReports.analyze}; build it there.
 */
public record AnalyzeMessage(int databaseId, int tableOid, boolean autovacuum, boolean resetCounter,
                             long analyzeTime, long liveTuples, long deadTuples) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the table's database (0 for shared tables). */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_tableoid: the analyzed table. */
    public static final int TABLE_OID = LAYOUT.int32();
    /** m_autovacuum: sent by an autovacuum worker. */
    public static final int AUTOVACUUM = LAYOUT.bool();
    /** m_resetcounter: all columns were analyzed, so changes since analyze restart. */
    public static final int RESET_COUNTER = LAYOUT.bool();
    /** m_analyzetime: when the analyze finished (TimestampTz). */
    public static final int ANALYZE_TIME = LAYOUT.int64();
    /** m_live_tuples: estimated live tuples. */
    public static final int LIVE_TUPLES = LAYOUT.int64();
    /** m_dead_tuples: estimated dead tuples. */
    public static final int DEAD_TUPLES = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.ANALYZE;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(TABLE_OID, tableOid);
        Wire.putBool(b, AUTOVACUUM, autovacuum);
        Wire.putBool(b, RESET_COUNTER, resetCounter);
        b.putLong(ANALYZE_TIME, analyzeTime);
        b.putLong(LIVE_TUPLES, liveTuples);
        b.putLong(DEAD_TUPLES, deadTuples);
    }

    static AnalyzeMessage decode(ByteBuffer b) {
        return new AnalyzeMessage(b.getInt(DATABASE_ID), b.getInt(TABLE_OID), Wire.getBool(b, AUTOVACUUM),
                Wire.getBool(b, RESET_COUNTER), b.getLong(ANALYZE_TIME), b.getLong(LIVE_TUPLES),
                b.getLong(DEAD_TUPLES));
    }

    /** The handler: the table's tuple counts are replaced; its analyze time and count advance. */
    void apply(ApplyContext c, long now) {
        TabEntry t = c.store().databaseOrCreate(databaseId, now).tableOrCreate(tableOid);
        t.nLiveTuples = liveTuples;
        t.nDeadTuples = deadTuples;
        if (resetCounter) {
            t.changesSinceAnalyze = 0;
        }
        if (autovacuum) {
            t.autovacAnalyzeTimestamp = analyzeTime;
            t.autovacAnalyzeCount++;
        } else {
            t.analyzeTimestamp = analyzeTime;
            t.analyzeCount++;
        }
    }
}
