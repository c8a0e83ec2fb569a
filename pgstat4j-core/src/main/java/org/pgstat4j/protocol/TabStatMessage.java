package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.TabEntry;

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
        int n = Reader.entryCount(b);
        TableEntry[] es = new TableEntry[n];
        for (int i = 0; i < n; i++) {
            es[i] = new TableEntry(Reader.tableId(b, i), Reader.numScans(b, i), Reader.tuplesReturned(b, i),
                    Reader.tuplesFetched(b, i), Reader.tuplesInserted(b, i), Reader.tuplesUpdated(b, i),
                    Reader.tuplesDeleted(b, i), Reader.tuplesHotUpdated(b, i), Reader.truncated(b, i),
                    Reader.deltaLiveTuples(b, i), Reader.deltaDeadTuples(b, i), Reader.changedTuples(b, i),
                    Reader.blocksFetched(b, i), Reader.blocksHit(b, i));
        }
        return new TabStatMessage(Reader.databaseId(b), Reader.xactCommit(b), Reader.xactRollback(b),
                Reader.blockReadTime(b), Reader.blockWriteTime(b), Reader.sessionTime(b), Reader.activeTime(b),
                Reader.idleInXactTime(b), List.of(es));
    }

    /**
     * The handler, applied straight from the validated datagram through {@link Reader}: the
     * most frequent message, so it is not decoded into records, and applying it allocates
     * nothing once the table entries exist. The header's counts go to the database, each
     * entry's to its table (created from the entry's values if new) and to the database.
     */
    static void apply(ByteBuffer b, ApplyContext c, long now) {
        DbEntry d = c.store().databaseOrCreate(Reader.databaseId(b), now);
        d.xactCommit += Reader.xactCommit(b);
        d.xactRollback += Reader.xactRollback(b);
        d.blockReadTime += Reader.blockReadTime(b);
        d.blockWriteTime += Reader.blockWriteTime(b);
        d.totalSessionTime += Reader.sessionTime(b);
        d.totalActiveTime += Reader.activeTime(b);
        d.totalIdleInXactTime += Reader.idleInXactTime(b);
        int n = Reader.entryCount(b);
        for (int i = 0; i < n; i++) {
            int oid = Reader.tableId(b, i);
            long returned = Reader.tuplesReturned(b, i);
            long fetched = Reader.tuplesFetched(b, i);
            long inserted = Reader.tuplesInserted(b, i);
            long updated = Reader.tuplesUpdated(b, i);
            long deleted = Reader.tuplesDeleted(b, i);
            long blocksFetched = Reader.blocksFetched(b, i);
            long blocksHit = Reader.blocksHit(b, i);
            boolean truncated = Reader.truncated(b, i);
            TabEntry t = d.tables.get(oid);
            if (t == null) {
                t = new TabEntry(oid);
                d.tables.put(oid, t);
                // a new entry starts from the message's values; t_truncated is irrelevant
                truncated = false;
            }
            d.tableChanged(oid);
            t.numScans += Reader.numScans(b, i);
            t.tuplesReturned += returned;
            t.tuplesFetched += fetched;
            t.tuplesInserted += inserted;
            t.tuplesUpdated += updated;
            t.tuplesDeleted += deleted;
            t.tuplesHotUpdated += Reader.tuplesHotUpdated(b, i);
            if (truncated) {
                t.nLiveTuples = 0;
                t.nDeadTuples = 0;
                t.insertsSinceVacuum = 0;
            }
            t.nLiveTuples = Math.max(t.nLiveTuples + Reader.deltaLiveTuples(b, i), 0);
            t.nDeadTuples = Math.max(t.nDeadTuples + Reader.deltaDeadTuples(b, i), 0);
            t.changesSinceAnalyze += Reader.changedTuples(b, i);
            t.insertsSinceVacuum += inserted;
            t.blocksFetched += blocksFetched;
            t.blocksHit += blocksHit;
            d.tuplesReturned += returned;
            d.tuplesFetched += fetched;
            d.tuplesInserted += inserted;
            d.tuplesUpdated += updated;
            d.tuplesDeleted += deleted;
            d.blocksFetched += blocksFetched;
            d.blocksHit += blocksHit;
        }
    }

    /**
     * Reads a validated TABSTAT datagram (little-endian) in place, field by field: the one
     * reader of this layout and of {@link TableEntry}'s. {@link #decode} builds the record
     * through it; the handler applies the datagram through it without decoding, so applying
     * allocates nothing. Entry arguments are indexes {@code 0 <= i < entryCount(b)}.
     */
    public static final class Reader {
        private Reader() {
        }

        public static int databaseId(ByteBuffer b) {
            return b.getInt(DATABASE_ID);
        }

        public static int entryCount(ByteBuffer b) {
            return b.getInt(NENTRIES);
        }

        public static int xactCommit(ByteBuffer b) {
            return b.getInt(XACT_COMMIT);
        }

        public static int xactRollback(ByteBuffer b) {
            return b.getInt(XACT_ROLLBACK);
        }

        public static long blockReadTime(ByteBuffer b) {
            return b.getLong(BLOCK_READ_TIME);
        }

        public static long blockWriteTime(ByteBuffer b) {
            return b.getLong(BLOCK_WRITE_TIME);
        }

        public static long sessionTime(ByteBuffer b) {
            return b.getLong(SESSION_TIME);
        }

        public static long activeTime(ByteBuffer b) {
            return b.getLong(ACTIVE_TIME);
        }

        public static long idleInXactTime(ByteBuffer b) {
            return b.getLong(IDLE_IN_XACT_TIME);
        }

        public static int tableId(ByteBuffer b, int i) {
            return b.getInt(entry(i) + TableEntry.T_ID);
        }

        public static long numScans(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.NUMSCANS);
        }

        public static long tuplesReturned(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_RETURNED);
        }

        public static long tuplesFetched(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_FETCHED);
        }

        public static long tuplesInserted(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_INSERTED);
        }

        public static long tuplesUpdated(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_UPDATED);
        }

        public static long tuplesDeleted(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_DELETED);
        }

        public static long tuplesHotUpdated(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.TUPLES_HOT_UPDATED);
        }

        public static boolean truncated(ByteBuffer b, int i) {
            return Wire.getBool(b, entry(i) + TableEntry.TRUNCATED);
        }

        public static long deltaLiveTuples(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.DELTA_LIVE_TUPLES);
        }

        public static long deltaDeadTuples(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.DELTA_DEAD_TUPLES);
        }

        public static long changedTuples(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.CHANGED_TUPLES);
        }

        public static long blocksFetched(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.BLOCKS_FETCHED);
        }

        public static long blocksHit(ByteBuffer b, int i) {
            return b.getLong(entry(i) + TableEntry.BLOCKS_HIT);
        }

        private static int entry(int i) {
            return ENTRIES + i * TableEntry.SIZE;
        }
    }
}
