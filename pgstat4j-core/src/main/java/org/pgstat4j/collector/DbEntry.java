package org.pgstat4j.collector;

/**
 * One database's statistics ({@code PgStat_StatDBEntry}, spec §5.3) with its table and
 * function entries. OID 0 is the pseudo-database of shared catalogs.
 *
 * <p>Owned by the collector thread while live; a snapshot's copies are never mutated.
 * Field order follows the {@code 'D'} record of the stats file (spec §6.6).
 *
 * <p>The one way to misuse it: writing to a snapshot's copy. Its fields are public for speed;
 * a snapshot may be shared, and its entries are read-only by contract.
 */
public final class DbEntry {
    public final int databaseId;
    public long xactCommit;
    public long xactRollback;
    public long blocksFetched;
    public long blocksHit;
    public long tuplesReturned;
    public long tuplesFetched;
    public long tuplesInserted;
    public long tuplesUpdated;
    public long tuplesDeleted;
    public long lastAutovacTime;
    public long conflictTablespace;
    public long conflictLock;
    public long conflictSnapshot;
    public long conflictBufferpin;
    public long conflictStartupDeadlock;
    public long tempFiles;
    public long tempBytes;
    public long deadlocks;
    public long checksumFailures;
    public long lastChecksumFailure;
    public long blockReadTime;
    public long blockWriteTime;
    public long sessions;
    public long totalSessionTime;
    public long totalActiveTime;
    public long totalIdleInXactTime;
    public long sessionsAbandoned;
    public long sessionsFatal;
    public long sessionsKilled;
    public long statResetTimestamp;
    /** When this database's file was last written; 0 = never. */
    public long statsTimestamp;

    /** Table and index entries by relation OID; {@code null} when not loaded (shallow read). */
    public IntHashMap<TabEntry> tables;
    /** Function entries by function OID; {@code null} when not loaded. */
    public IntHashMap<FuncEntry> functions;

    public DbEntry(int databaseId) {
        this.databaseId = databaseId;
    }

    /** A new entry as {@code reset_dbentry_counters} makes it: zero, reset time = now. */
    public static DbEntry created(int databaseId, long now) {
        DbEntry d = new DbEntry(databaseId);
        d.statResetTimestamp = now;
        d.tables = new IntHashMap<>(64);
        d.functions = new IntHashMap<>(16);
        return d;
    }

    /** Sum of the five recovery-conflict counters ({@code pg_stat_get_db_conflict_all}). */
    public long conflictAll() {
        return conflictTablespace + conflictLock + conflictSnapshot + conflictBufferpin
                + conflictStartupDeadlock;
    }

    public TabEntry table(int relid) {
        return tables == null ? null : tables.get(relid);
    }

    public FuncEntry function(int funcid) {
        return functions == null ? null : functions.get(funcid);
    }
}
