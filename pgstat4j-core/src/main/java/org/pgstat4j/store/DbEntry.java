package org.pgstat4j.store;

import java.util.function.Consumer;

/**
 * One database's statistics ({@code PgStat_StatDBEntry}, spec §5.3) with its table and
 * function entries. OID 0 is the pseudo-database of shared catalogs.
 *
 * <p>Owned by the collector thread while live; a snapshot's copies are never mutated.
 * Field order follows the {@code 'D'} record of the stats file (spec §6.6).
 *
 * <p>The one way to misuse it: handing the entry itself to a reader. Readers get
 * {@link DbEntryView}; only the collector's handlers write, on the collector's thread.
 */
public final class DbEntry implements DbEntryView {
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
    /** Entries changed since the readers' file was written (collector only; see {@link ChangedEntries}). */
    public final ChangedEntries changes = new ChangedEntries();

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

    @Override
    public TabEntry table(int relid) {
        return tables == null ? null : tables.get(relid);
    }

    @Override
    public FuncEntry function(int funcid) {
        return functions == null ? null : functions.get(funcid);
    }

    @Override
    public int databaseId() {
        return databaseId;
    }

    @Override
    public long xactCommit() {
        return xactCommit;
    }

    @Override
    public long xactRollback() {
        return xactRollback;
    }

    @Override
    public long blocksFetched() {
        return blocksFetched;
    }

    @Override
    public long blocksHit() {
        return blocksHit;
    }

    @Override
    public long tuplesReturned() {
        return tuplesReturned;
    }

    @Override
    public long tuplesFetched() {
        return tuplesFetched;
    }

    @Override
    public long tuplesInserted() {
        return tuplesInserted;
    }

    @Override
    public long tuplesUpdated() {
        return tuplesUpdated;
    }

    @Override
    public long tuplesDeleted() {
        return tuplesDeleted;
    }

    @Override
    public long lastAutovacTime() {
        return lastAutovacTime;
    }

    @Override
    public long conflictTablespace() {
        return conflictTablespace;
    }

    @Override
    public long conflictLock() {
        return conflictLock;
    }

    @Override
    public long conflictSnapshot() {
        return conflictSnapshot;
    }

    @Override
    public long conflictBufferpin() {
        return conflictBufferpin;
    }

    @Override
    public long conflictStartupDeadlock() {
        return conflictStartupDeadlock;
    }

    @Override
    public long tempFiles() {
        return tempFiles;
    }

    @Override
    public long tempBytes() {
        return tempBytes;
    }

    @Override
    public long deadlocks() {
        return deadlocks;
    }

    @Override
    public long checksumFailures() {
        return checksumFailures;
    }

    @Override
    public long lastChecksumFailure() {
        return lastChecksumFailure;
    }

    @Override
    public long blockReadTime() {
        return blockReadTime;
    }

    @Override
    public long blockWriteTime() {
        return blockWriteTime;
    }

    @Override
    public long sessions() {
        return sessions;
    }

    @Override
    public long totalSessionTime() {
        return totalSessionTime;
    }

    @Override
    public long totalActiveTime() {
        return totalActiveTime;
    }

    @Override
    public long totalIdleInXactTime() {
        return totalIdleInXactTime;
    }

    @Override
    public long sessionsAbandoned() {
        return sessionsAbandoned;
    }

    @Override
    public long sessionsFatal() {
        return sessionsFatal;
    }

    @Override
    public long sessionsKilled() {
        return sessionsKilled;
    }

    @Override
    public long statResetTimestamp() {
        return statResetTimestamp;
    }

    @Override
    public long statsTimestamp() {
        return statsTimestamp;
    }

    @Override
    public int[] tableOids() {
        return tables == null ? new int[0] : tables.keys();
    }

    /** Records that table {@code oid} was created, changed or removed (collector only). */
    public void tableChanged(int oid) {
        changes.table(oid, tables == null ? 0 : tables.size());
    }

    /**
     * Table {@code oid}'s entry, created at zero if new, recorded as changed (collector only):
     * for handlers that set the entry's fields rather than add to them.
     */
    public TabEntry tableOrCreate(int oid) {
        TabEntry t = tables.get(oid);
        if (t == null) {
            t = new TabEntry(oid);
            tables.put(oid, t);
        }
        tableChanged(oid);
        return t;
    }

    /** Records that function {@code oid} was created, changed or removed (collector only). */
    public void functionChanged(int oid) {
        changes.function(oid, functions == null ? 0 : functions.size());
    }

    @Override
    public int tableCount() {
        return tables == null ? 0 : tables.size();
    }

    @Override
    public void forEachTable(Consumer<? super TabEntryView> action) {
        if (tables != null) {
            tables.forEachValue(action);
        }
    }

    @Override
    public void forEachFunction(Consumer<? super FuncEntryView> action) {
        if (functions != null) {
            functions.forEachValue(action);
        }
    }

    @Override
    public int[] functionOids() {
        return functions == null ? new int[0] : functions.keys();
    }
}
