package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * PGSTAT_MTYPE_TABSTAT (2, 64 + 112·n bytes, n ≤ 8): a backend's table counts, plus — in the
 * first regular message of a flush — its transaction counts and time totals (µs).
 *
 * <p>The one way to misuse it: giving more than one message of a flush the transaction counts
 * and time totals. The collector adds every header, so they would count twice.
 */
public record TabStatMessage(int databaseId, int xactCommit, int xactRollback,
                             long blockReadTime, long blockWriteTime, long sessionTime,
                             long activeTime, long idleInXactTime,
                             List<TableEntry> entries) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the sender's database, or 0 for shared-catalog entries. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_nentries: how many table entries follow. */
    public static final int NENTRIES = LAYOUT.int32();
    /** m_xact_commit: transactions committed since the last report. */
    public static final int XACT_COMMIT = LAYOUT.int32();
    /** m_xact_rollback: transactions rolled back since the last report. */
    public static final int XACT_ROLLBACK = LAYOUT.int32();
    /** m_block_read_time: time spent reading blocks (µs). */
    public static final int BLOCK_READ_TIME = LAYOUT.int64();
    /** m_block_write_time: time spent writing blocks (µs). */
    public static final int BLOCK_WRITE_TIME = LAYOUT.int64();
    /** m_session_time: session time since the last report (µs). */
    public static final int SESSION_TIME = LAYOUT.int64();
    /** m_active_time: time spent running statements (µs). */
    public static final int ACTIVE_TIME = LAYOUT.int64();
    /** m_idle_in_xact_time: time idle in a transaction (µs). */
    public static final int IDLE_IN_XACT_TIME = LAYOUT.int64();
    /** m_entry[]: the table entries ({@link TableEntry}, 8-byte aligned). */
    public static final int ENTRIES = LAYOUT.flexibleArray(8);
    /** {@code PGSTAT_NUM_TABENTRIES}: as many entries as fit in {@link Wire#MAX_MSG_SIZE} (8). */
    public static final int MAX_ENTRIES = (Wire.MAX_MSG_SIZE - ENTRIES) / TableEntry.SIZE;

    public TabStatMessage {
        entries = List.copyOf(entries);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("TABSTAT carries at most " + MAX_ENTRIES
                    + " entries, got " + entries.size());
        }
    }

    public StatMsgType type() {
        return StatMsgType.TABSTAT;
    }

    public int encodedSize() {
        return type().sizeFor(entries.size());
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(NENTRIES, entries.size());
        b.putInt(XACT_COMMIT, xactCommit);
        b.putInt(XACT_ROLLBACK, xactRollback);
        b.putLong(BLOCK_READ_TIME, blockReadTime);
        b.putLong(BLOCK_WRITE_TIME, blockWriteTime);
        b.putLong(SESSION_TIME, sessionTime);
        b.putLong(ACTIVE_TIME, activeTime);
        b.putLong(IDLE_IN_XACT_TIME, idleInXactTime);
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).encode(b, ENTRIES + i * TableEntry.SIZE);
        }
    }

    static TabStatMessage decode(ByteBuffer b) {
        Reader r = new Reader().wrap(b);
        int n = r.entryCount();
        TableEntry[] es = new TableEntry[n];
        for (int i = 0; i < n; i++) {
            es[i] = new TableEntry(r.tableId(i), r.numScans(i), r.tuplesReturned(i),
                    r.tuplesFetched(i), r.tuplesInserted(i), r.tuplesUpdated(i),
                    r.tuplesDeleted(i), r.tuplesHotUpdated(i), r.truncated(i),
                    r.deltaLiveTuples(i), r.deltaDeadTuples(i), r.changedTuples(i),
                    r.blocksFetched(i), r.blocksHit(i));
        }
        return new TabStatMessage(r.databaseId(), r.xactCommit(), r.xactRollback(),
                r.blockReadTime(), r.blockWriteTime(), r.sessionTime(), r.activeTime(),
                r.idleInXactTime(), List.of(es));
    }

    /**
     * Reads a validated TABSTAT datagram in place, field by field: the one reader of this layout
     * and of {@link TableEntry}'s. {@link #decode} builds the record through it; the collector
     * applies TABSTAT through it without decoding, so applying allocates nothing. Entry
     * arguments are indexes {@code 0 <= i < entryCount()}. Not thread-safe: one per thread.
     */
    public static final class Reader {
        private ByteBuffer b;

        /** Reads {@code datagram} (validated, little-endian) from now on; returns this reader. */
        public Reader wrap(ByteBuffer datagram) {
            this.b = datagram;
            return this;
        }

        public int databaseId() {
            return b.getInt(DATABASE_ID);
        }

        public int entryCount() {
            return b.getInt(NENTRIES);
        }

        public int xactCommit() {
            return b.getInt(XACT_COMMIT);
        }

        public int xactRollback() {
            return b.getInt(XACT_ROLLBACK);
        }

        public long blockReadTime() {
            return b.getLong(BLOCK_READ_TIME);
        }

        public long blockWriteTime() {
            return b.getLong(BLOCK_WRITE_TIME);
        }

        public long sessionTime() {
            return b.getLong(SESSION_TIME);
        }

        public long activeTime() {
            return b.getLong(ACTIVE_TIME);
        }

        public long idleInXactTime() {
            return b.getLong(IDLE_IN_XACT_TIME);
        }

        public int tableId(int i) {
            return b.getInt(entry(i) + TableEntry.T_ID);
        }

        public long numScans(int i) {
            return b.getLong(entry(i) + TableEntry.NUMSCANS);
        }

        public long tuplesReturned(int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_RETURNED);
        }

        public long tuplesFetched(int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_FETCHED);
        }

        public long tuplesInserted(int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_INSERTED);
        }

        public long tuplesUpdated(int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_UPDATED);
        }

        public long tuplesDeleted(int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_DELETED);
        }

        public long tuplesHotUpdated(int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_HOT_UPDATED);
        }

        public boolean truncated(int i) {
            return Wire.getBool(b, entry(i) + TableEntry.TRUNCATED);
        }

        public long deltaLiveTuples(int i) {
            return b.getLong(entry(i) + TableEntry.DELTA_LIVE_TUPLES);
        }

        public long deltaDeadTuples(int i) {
            return b.getLong(entry(i) + TableEntry.DELTA_DEAD_TUPLES);
        }

        public long changedTuples(int i) {
            return b.getLong(entry(i) + TableEntry.CHANGED_TUPLES);
        }

        public long blocksFetched(int i) {
            return b.getLong(entry(i) + TableEntry.BLOCKS_FETCHED);
        }

        public long blocksHit(int i) {
            return b.getLong(entry(i) + TableEntry.BLOCKS_HIT);
        }

        private static int entry(int i) {
            return ENTRIES + i * TableEntry.SIZE;
        }
    }
}
