package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * One {@code PgStat_TableEntry} of a TABSTAT message (112 bytes): a relation OID and its
 * {@code PgStat_TableCounts}. Offsets are relative to the start of the entry; the one reader of
 * this layout is {@link TabStatMessage.Reader}.
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
    private static final Layout LAYOUT = Layout.struct();
    /** t_id: the relation's OID. */
    public static final int T_ID = LAYOUT.int32();
    /** t_numscans: sequential and index scans started. */
    public static final int NUMSCANS = LAYOUT.int64();
    /** t_tuples_returned: tuples returned by sequential scans. */
    public static final int TUPLES_RETURNED = LAYOUT.int64();
    /** t_tuples_fetched: tuples fetched by index scans. */
    public static final int TUPLES_FETCHED = LAYOUT.int64();
    /** t_tuples_inserted. */
    public static final int TUPLES_INSERTED = LAYOUT.int64();
    /** t_tuples_updated (HOT updates included). */
    public static final int TUPLES_UPDATED = LAYOUT.int64();
    /** t_tuples_deleted. */
    public static final int TUPLES_DELETED = LAYOUT.int64();
    /** t_tuples_hot_updated. */
    public static final int TUPLES_HOT_UPDATED = LAYOUT.int64();
    /** t_truncated: the relation was truncated; live/dead counts restart. */
    public static final int TRUNCATED = LAYOUT.bool();
    /** t_delta_live_tuples: change in live tuples. */
    public static final int DELTA_LIVE_TUPLES = LAYOUT.int64();
    /** t_delta_dead_tuples: change in dead tuples. */
    public static final int DELTA_DEAD_TUPLES = LAYOUT.int64();
    /** t_changed_tuples: tuples changed since the last ANALYZE. */
    public static final int CHANGED_TUPLES = LAYOUT.int64();
    /** t_blocks_fetched: buffer requests. */
    public static final int BLOCKS_FETCHED = LAYOUT.int64();
    /** t_blocks_hit: buffer requests found in shared buffers. */
    public static final int BLOCKS_HIT = LAYOUT.int64();
    /** The struct's size: one array entry. */
    public static final int SIZE = LAYOUT.size();

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
}
