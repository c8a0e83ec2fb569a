package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * One {@code PgStat_TableEntry} of a TABSTAT message (112 bytes): a relation OID and its
 * {@code PgStat_TableCounts}. Offsets are relative to the start of the entry.
 *
 * <p>The one way to misuse it: filling it from a transaction's raw counts. What reaches the
 * collector depends on commit or abort and on the nesting levels; {@code Backend} computes it
 * with PostgreSQL 14's arithmetic.
 */
public record TableEntry(int tableId, long numScans, long tuplesReturned, long tuplesFetched,
                         long tuplesInserted, long tuplesUpdated, long tuplesDeleted,
                         long tuplesHotUpdated, boolean truncated, long deltaLiveTuples,
                         long deltaDeadTuples, long changedTuples, long blocksFetched,
                         long blocksHit) {
    public static final int SIZE = 112;
    public static final int T_ID = 0;
    public static final int NUMSCANS = 8;
    public static final int TUPLES_RETURNED = 16;
    public static final int TUPLES_FETCHED = 24;
    public static final int TUPLES_INSERTED = 32;
    public static final int TUPLES_UPDATED = 40;
    public static final int TUPLES_DELETED = 48;
    public static final int TUPLES_HOT_UPDATED = 56;
    public static final int TRUNCATED = 64;
    public static final int DELTA_LIVE_TUPLES = 72;
    public static final int DELTA_DEAD_TUPLES = 80;
    public static final int CHANGED_TUPLES = 88;
    public static final int BLOCKS_FETCHED = 96;
    public static final int BLOCKS_HIT = 104;

    void encode(ByteBuffer b, int at) {
        b.putInt(at + T_ID, tableId);
        b.putLong(at + NUMSCANS, numScans);
        b.putLong(at + TUPLES_RETURNED, tuplesReturned);
        b.putLong(at + TUPLES_FETCHED, tuplesFetched);
        b.putLong(at + TUPLES_INSERTED, tuplesInserted);
        b.putLong(at + TUPLES_UPDATED, tuplesUpdated);
        b.putLong(at + TUPLES_DELETED, tuplesDeleted);
        b.putLong(at + TUPLES_HOT_UPDATED, tuplesHotUpdated);
        Wire.putBool(b, at + TRUNCATED, truncated);
        b.putLong(at + DELTA_LIVE_TUPLES, deltaLiveTuples);
        b.putLong(at + DELTA_DEAD_TUPLES, deltaDeadTuples);
        b.putLong(at + CHANGED_TUPLES, changedTuples);
        b.putLong(at + BLOCKS_FETCHED, blocksFetched);
        b.putLong(at + BLOCKS_HIT, blocksHit);
    }

    static TableEntry decode(ByteBuffer b, int at) {
        return new TableEntry(b.getInt(at + T_ID), b.getLong(at + NUMSCANS),
                b.getLong(at + TUPLES_RETURNED), b.getLong(at + TUPLES_FETCHED),
                b.getLong(at + TUPLES_INSERTED), b.getLong(at + TUPLES_UPDATED),
                b.getLong(at + TUPLES_DELETED), b.getLong(at + TUPLES_HOT_UPDATED),
                Wire.getBool(b, at + TRUNCATED), b.getLong(at + DELTA_LIVE_TUPLES),
                b.getLong(at + DELTA_DEAD_TUPLES), b.getLong(at + CHANGED_TUPLES),
                b.getLong(at + BLOCKS_FETCHED), b.getLong(at + BLOCKS_HIT));
    }
}
