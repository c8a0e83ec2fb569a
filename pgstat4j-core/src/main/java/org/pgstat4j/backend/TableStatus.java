package org.pgstat4j.backend;

import org.pgstat4j.protocol.TableEntry;

/**
 * A relation's pending counts in one backend ({@code PgStat_TableStatus}), and the handle a
 * session gets from {@link Backend#openRelation} to count on.
 *
 * <p>Owns the non-transactional counts of the current flush window and the link to the
 * innermost per-(sub)transaction record ({@link TableXactStatus}) of this relation; the
 * transactional counts reach {@code t_counts} only at (sub)transaction end. Invariant: while
 * an entry belongs to the current window ({@code epoch == } the backend's window), it is the
 * one entry of its OID in the backend's table map.
 *
 * <p>Use: open a relation once per transaction, like {@code relation_open}. A handle kept
 * across a flush is stale (the flush starts a new window with new entries); counting on it
 * is still correct, because the backend re-resolves it by OID, but costs a lookup per event.
 * The not-counted handle (views, {@code track_counts = off}, statistics disabled) makes every
 * count a no-op.
 *
 * <p>The one way to misuse it: keeping handles across flushes as a cache. Counting on a stale
 * handle stays correct but costs a lookup per event; open the relation once per transaction,
 * as {@code relation_open} does.
 */
public final class TableStatus {
    /** Epoch of the shared not-counted handle: never equal to a real window. */
    static final long NOT_COUNTED_EPOCH = -1;

    final int oid;
    final boolean shared;
    /** The flush window this entry belongs to. */
    long epoch;
    /** Innermost (sub)transaction record of this table, or {@code null}. */
    TableXactStatus trans;

    // PgStat_TableCounts
    long numScans;
    long tuplesReturned;
    long tuplesFetched;
    long tuplesInserted;
    long tuplesUpdated;
    long tuplesDeleted;
    long tuplesHotUpdated;
    boolean truncated;
    long deltaLiveTuples;
    long deltaDeadTuples;
    long changedTuples;
    long blocksFetched;
    long blocksHit;

    TableStatus(int oid, boolean shared, long epoch) {
        this.oid = oid;
        this.shared = shared;
        this.epoch = epoch;
    }

    static TableStatus notCounted() {
        return new TableStatus(0, false, NOT_COUNTED_EPOCH);
    }

    /** The relation's OID (0 for the not-counted handle). */
    public int oid() {
        return oid;
    }

    /** Whether the relation is a shared catalog, reported under database 0. */
    public boolean isShared() {
        return shared;
    }

    /** Whether counts on this handle are kept at all. */
    public boolean isCounted() {
        return epoch != NOT_COUNTED_EPOCH;
    }

    /** Whether flushing would skip this entry: every count zero and not truncated. */
    boolean isAllZero() {
        return numScans == 0 && tuplesReturned == 0 && tuplesFetched == 0
                && tuplesInserted == 0 && tuplesUpdated == 0 && tuplesDeleted == 0
                && tuplesHotUpdated == 0 && !truncated && deltaLiveTuples == 0
                && deltaDeadTuples == 0 && changedTuples == 0 && blocksFetched == 0
                && blocksHit == 0;
    }

    /** The TABSTAT entry of these counts. */
    TableEntry toEntry() {
        return new TableEntry(oid, numScans, tuplesReturned, tuplesFetched, tuplesInserted,
                tuplesUpdated, tuplesDeleted, tuplesHotUpdated, truncated, deltaLiveTuples,
                deltaDeadTuples, changedTuples, blocksFetched, blocksHit);
    }

    @Override
    public String toString() {
        return isCounted()
                ? "TableStatus[oid=" + Integer.toUnsignedString(oid) + (shared ? ", shared" : "") + "]"
                : "TableStatus[not counted]";
    }
}
