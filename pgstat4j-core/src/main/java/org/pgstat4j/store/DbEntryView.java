package org.pgstat4j.store;

import java.util.function.Consumer;

/**
 * One database's statistics as readers see them: the getters of {@link DbEntry}, each
 * returning the field of the same name. Implemented by the mutable entry itself, so handing
 * one to a reader copies nothing; a reader cannot change it through this type.
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link DbEntry} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface DbEntryView {
    int databaseId();

    long xactCommit();

    long xactRollback();

    long blocksFetched();

    long blocksHit();

    long tuplesReturned();

    long tuplesFetched();

    long tuplesInserted();

    long tuplesUpdated();

    long tuplesDeleted();

    long lastAutovacTime();

    long conflictTablespace();

    long conflictLock();

    long conflictSnapshot();

    long conflictBufferpin();

    long conflictStartupDeadlock();

    long tempFiles();

    long tempBytes();

    long deadlocks();

    long checksumFailures();

    long lastChecksumFailure();

    long blockReadTime();

    long blockWriteTime();

    long sessions();

    long totalSessionTime();

    long totalActiveTime();

    long totalIdleInXactTime();

    long sessionsAbandoned();

    long sessionsFatal();

    long sessionsKilled();

    long statResetTimestamp();

    long statsTimestamp();

    /** Sum of the five recovery-conflict counters ({@code pg_stat_get_db_conflict_all}). */
    default long conflictAll() {
        return conflictTablespace() + conflictLock() + conflictSnapshot() + conflictBufferpin()
                + conflictStartupDeadlock();
    }

    /** A table or index entry of this database, or null (also when tables were not loaded). */
    TabEntryView table(int relid);

    /** A function entry of this database, or null (also when functions were not loaded). */
    FuncEntryView function(int funcid);

    /**
     * OIDs of this database's table and index entries; empty when tables were not loaded.
     * Allocates an array of every OID: to look one entry up use {@link #table(int)}, to visit
     * all of them {@link #forEachTable}.
     */
    int[] tableOids();

    /** How many table and index entries are loaded (0 when tables were not loaded). */
    int tableCount();

    /** Visits every loaded table and index entry, in hash order, allocating nothing per entry. */
    void forEachTable(Consumer<? super TabEntryView> action);

    /** Visits every loaded function entry, in hash order, allocating nothing per entry. */
    void forEachFunction(Consumer<? super FuncEntryView> action);

    /** OIDs of this database's function entries; empty when functions were not loaded. */
    int[] functionOids();
}
