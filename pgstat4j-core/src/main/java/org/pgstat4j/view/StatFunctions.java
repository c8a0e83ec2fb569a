package org.pgstat4j.view;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.store.ArchiverStatsView;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.DbEntryView;
import org.pgstat4j.store.FuncEntryView;
import org.pgstat4j.store.GlobalStatsView;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.ReplSlotEntryView;
import org.pgstat4j.store.SlruStats;
import org.pgstat4j.store.SlruStatsView;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.store.TabEntryView;
import org.pgstat4j.store.WalStatsView;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.snapshot.Snapshot;

/**
 * The {@code pg_stat_get_*} accessor functions of PostgreSQL 14 (spec §8), named after them
 * without the prefix ({@code pg_stat_get_numscans} = {@link #numscans}). They apply the SQL
 * surface's rules over one {@link Snapshot}:
 * <ul>
 * <li>per-relation counts are 0 when there is no entry (own database first, then the shared
 *     catalogs); per-relation timestamps are NULL when there is no entry or the value is 0;</li>
 * <li>per-function values are NULL when there is no entry;</li>
 * <li>per-database counts are 0 for an unknown database, its reset time NULL; checksum
 *     values are NULL unless data checksums are enabled;</li>
 * <li>times kept in µs are returned in milliseconds ({@code value / 1000.0}); checkpoint
 *     times are kept in ms and returned unchanged;</li>
 * <li>the {@code xact_} variants read the session's {@link PendingCounts}, not the snapshot.</li>
 * </ul>
 * Timestamps are returned as {@link Instant} ({@code null} = SQL NULL). Stateless beyond its
 * inputs; as thread-safe as the pending counts given to it.
 *
 * <p>The one way to misuse it: keeping one across transactions. It reads the one snapshot it
 * was given, so its values stop moving; make a new one over a fresh snapshot
 * ({@link ViewContext#functions()}).
 */
public final class StatFunctions {
    private static final TabEntryView NO_TABLE = new TabEntry(0);
    private static final DbEntryView NO_DATABASE = new DbEntry(0);

    private final Snapshot snapshot;
    private final PendingCounts pending;
    private final boolean dataChecksums;

    public StatFunctions(Snapshot snapshot, PendingCounts pending, boolean dataChecksums) {
        this.snapshot = snapshot;
        this.pending = pending;
        this.dataChecksums = dataChecksums;
    }

    private TabEntryView tab(int relid) {
        TabEntryView t = snapshot.table(relid);
        return t == null ? NO_TABLE : t;
    }

    private DbEntryView db(int dbid) {
        DbEntryView d = snapshot.database(dbid);
        return d == null ? NO_DATABASE : d;
    }

    /** NULL for 0 ("never"), else the instant. */
    static Instant timestampOrNull(long ts) {
        return ts == 0 ? null : PgTimestamps.toInstant(ts);
    }

    static Instant timestamp(long ts) {
        return PgTimestamps.toInstant(ts);
    }

    static double microsToMillis(long us) {
        return us / 1000.0;
    }

    // ---- tables and indexes ----

    public long numscans(int relid) { return tab(relid).numScans(); }

    public long tuplesReturned(int relid) { return tab(relid).tuplesReturned(); }

    public long tuplesFetched(int relid) { return tab(relid).tuplesFetched(); }

    public long tuplesInserted(int relid) { return tab(relid).tuplesInserted(); }

    public long tuplesUpdated(int relid) { return tab(relid).tuplesUpdated(); }

    public long tuplesDeleted(int relid) { return tab(relid).tuplesDeleted(); }

    public long tuplesHotUpdated(int relid) { return tab(relid).tuplesHotUpdated(); }

    public long liveTuples(int relid) { return tab(relid).nLiveTuples(); }

    public long deadTuples(int relid) { return tab(relid).nDeadTuples(); }

    public long modSinceAnalyze(int relid) { return tab(relid).changesSinceAnalyze(); }

    public long insSinceVacuum(int relid) { return tab(relid).insertsSinceVacuum(); }

    public long blocksFetched(int relid) { return tab(relid).blocksFetched(); }

    public long blocksHit(int relid) { return tab(relid).blocksHit(); }

    public Instant lastVacuumTime(int relid) { return timestampOrNull(tab(relid).vacuumTimestamp()); }

    public Instant lastAutovacuumTime(int relid) { return timestampOrNull(tab(relid).autovacVacuumTimestamp()); }

    public Instant lastAnalyzeTime(int relid) { return timestampOrNull(tab(relid).analyzeTimestamp()); }

    public Instant lastAutoanalyzeTime(int relid) { return timestampOrNull(tab(relid).autovacAnalyzeTimestamp()); }

    public long vacuumCount(int relid) { return tab(relid).vacuumCount(); }

    public long autovacuumCount(int relid) { return tab(relid).autovacVacuumCount(); }

    public long analyzeCount(int relid) { return tab(relid).analyzeCount(); }

    public long autoanalyzeCount(int relid) { return tab(relid).autovacAnalyzeCount(); }

    // ---- functions (NULL without an entry) ----

    public Long functionCalls(int funcid) {
        FuncEntryView f = snapshot.function(funcid);
        return f == null ? null : f.numCalls();
    }

    public Double functionTotalTime(int funcid) {
        FuncEntryView f = snapshot.function(funcid);
        return f == null ? null : microsToMillis(f.totalTime());
    }

    public Double functionSelfTime(int funcid) {
        FuncEntryView f = snapshot.function(funcid);
        return f == null ? null : microsToMillis(f.selfTime());
    }

    // ---- the session's pending counts ----

    public long xactNumscans(int relid) { return pending.xactNumscans(relid); }

    public long xactTuplesReturned(int relid) { return pending.xactTuplesReturned(relid); }

    public long xactTuplesFetched(int relid) { return pending.xactTuplesFetched(relid); }

    public long xactTuplesInserted(int relid) { return pending.xactTuplesInserted(relid); }

    public long xactTuplesUpdated(int relid) { return pending.xactTuplesUpdated(relid); }

    public long xactTuplesDeleted(int relid) { return pending.xactTuplesDeleted(relid); }

    public long xactTuplesHotUpdated(int relid) { return pending.xactTuplesHotUpdated(relid); }

    public long xactBlocksFetched(int relid) { return pending.xactBlocksFetched(relid); }

    public long xactBlocksHit(int relid) { return pending.xactBlocksHit(relid); }

    public Long xactFunctionCalls(int funcid) {
        return pending.hasFunction(funcid) ? pending.xactFunctionCalls(funcid) : null;
    }

    public Double xactFunctionTotalTime(int funcid) {
        return pending.hasFunction(funcid) ? nanosToMillis(pending.xactFunctionTotalTimeNanos(funcid)) : null;
    }

    public Double xactFunctionSelfTime(int funcid) {
        return pending.hasFunction(funcid) ? nanosToMillis(pending.xactFunctionSelfTimeNanos(funcid)) : null;
    }

    /** Seconds × 1000 plus the nanosecond remainder / 10^6, as PostgreSQL converts its instr_time. */
    private static double nanosToMillis(long ns) {
        return (ns / 1_000_000_000L) * 1000.0 + (ns % 1_000_000_000L) / 1_000_000.0;
    }

    // ---- databases (0 = shared objects) ----

    public long dbXactCommit(int dbid) { return db(dbid).xactCommit(); }

    public long dbXactRollback(int dbid) { return db(dbid).xactRollback(); }

    public long dbBlocksFetched(int dbid) { return db(dbid).blocksFetched(); }

    public long dbBlocksHit(int dbid) { return db(dbid).blocksHit(); }

    public long dbTuplesReturned(int dbid) { return db(dbid).tuplesReturned(); }

    public long dbTuplesFetched(int dbid) { return db(dbid).tuplesFetched(); }

    public long dbTuplesInserted(int dbid) { return db(dbid).tuplesInserted(); }

    public long dbTuplesUpdated(int dbid) { return db(dbid).tuplesUpdated(); }

    public long dbTuplesDeleted(int dbid) { return db(dbid).tuplesDeleted(); }

    public long dbConflictTablespace(int dbid) { return db(dbid).conflictTablespace(); }

    public long dbConflictLock(int dbid) { return db(dbid).conflictLock(); }

    public long dbConflictSnapshot(int dbid) { return db(dbid).conflictSnapshot(); }

    public long dbConflictBufferpin(int dbid) { return db(dbid).conflictBufferpin(); }

    public long dbConflictStartupDeadlock(int dbid) { return db(dbid).conflictStartupDeadlock(); }

    public long dbConflictAll(int dbid) { return db(dbid).conflictAll(); }

    public long dbTempFiles(int dbid) { return db(dbid).tempFiles(); }

    public long dbTempBytes(int dbid) { return db(dbid).tempBytes(); }

    public long dbDeadlocks(int dbid) { return db(dbid).deadlocks(); }

    public Long dbChecksumFailures(int dbid) {
        return dataChecksums ? db(dbid).checksumFailures() : null;
    }

    public Instant dbChecksumLastFailure(int dbid) {
        return dataChecksums ? timestampOrNull(db(dbid).lastChecksumFailure()) : null;
    }

    public double dbBlkReadTime(int dbid) { return microsToMillis(db(dbid).blockReadTime()); }

    public double dbBlkWriteTime(int dbid) { return microsToMillis(db(dbid).blockWriteTime()); }

    public double dbSessionTime(int dbid) { return microsToMillis(db(dbid).totalSessionTime()); }

    public double dbActiveTime(int dbid) { return microsToMillis(db(dbid).totalActiveTime()); }

    public double dbIdleInTransactionTime(int dbid) { return microsToMillis(db(dbid).totalIdleInXactTime()); }

    public long dbSessions(int dbid) { return db(dbid).sessions(); }

    public long dbSessionsAbandoned(int dbid) { return db(dbid).sessionsAbandoned(); }

    public long dbSessionsFatal(int dbid) { return db(dbid).sessionsFatal(); }

    public long dbSessionsKilled(int dbid) { return db(dbid).sessionsKilled(); }

    public Instant dbStatResetTime(int dbid) { return timestampOrNull(db(dbid).statResetTimestamp()); }

    // ---- bgwriter / checkpointer ----

    private GlobalStatsView bg() {
        return snapshot.bgwriter();
    }

    public long bgwriterTimedCheckpoints() { return bg().timedCheckpoints(); }

    public long bgwriterRequestedCheckpoints() { return bg().requestedCheckpoints(); }

    public double checkpointWriteTime() { return (double) bg().checkpointWriteTime(); }

    public double checkpointSyncTime() { return (double) bg().checkpointSyncTime(); }

    public long bgwriterBufWrittenCheckpoints() { return bg().bufWrittenCheckpoints(); }

    public long bgwriterBufWrittenClean() { return bg().bufWrittenClean(); }

    public long bgwriterMaxwrittenClean() { return bg().maxWrittenClean(); }

    public long bufWrittenBackend() { return bg().bufWrittenBackend(); }

    public long bufFsyncBackend() { return bg().bufFsyncBackend(); }

    public long bufAlloc() { return bg().bufAlloc(); }

    /** Returned as stored, without mapping 0 to NULL (PostgreSQL 14 does not). */
    public Instant bgwriterStatResetTime() { return timestamp(bg().statResetTimestamp()); }

    /** {@code pg_stat_get_snapshot_timestamp()}: when the collector wrote the snapshot's file. */
    public Instant snapshotTimestamp() { return timestampOrNull(snapshot.snapshotTimestamp()); }

    // ---- record-returning functions, one value per view column ----

    /** {@code pg_stat_get_wal()}: wal_bytes is unsigned, shown as numeric. */
    public Object[] wal() {
        WalStatsView w = snapshot.wal();
        return new Object[] {w.walRecords(), w.walFpi(),
                new BigInteger(Long.toUnsignedString(w.walBytes())), w.walBuffersFull(), w.walWrite(), w.walSync(),
                microsToMillis(w.walWriteTime()), microsToMillis(w.walSyncTime()),
                timestamp(w.statResetTimestamp())};
    }

    /** {@code pg_stat_get_slru()}: every slot, in slot order. */
    public List<Object[]> slru() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < SlruStats.NAMES.size(); i++) {
            SlruStatsView x = snapshot.slru(i);
            rows.add(new Object[] {SlruStats.NAMES.get(i), x.blocksZeroed(), x.blocksHit(), x.blocksRead(),
                    x.blocksWritten(), x.blocksExists(), x.flush(), x.truncate(),
                    timestamp(x.statResetTimestamp())});
        }
        return rows;
    }

    /** {@code pg_stat_get_archiver()}: empty WAL names and zero times are NULL. */
    public Object[] archiver() {
        ArchiverStatsView a = snapshot.archiver();
        return new Object[] {a.archivedCount(), emptyToNull(a.lastArchivedWal()),
                timestampOrNull(a.lastArchivedTimestamp()), a.failedCount(),
                emptyToNull(a.lastFailedWal()), timestampOrNull(a.lastFailedTimestamp()),
                timestampOrNull(a.statResetTimestamp())};
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * {@code pg_stat_get_replication_slot(name)}: a slot without an entry (its create message
     * was lost) shows zeros and a NULL reset time.
     */
    public Object[] replicationSlot(String name) {
        if (name == null) {
            return null; // PostgreSQL 14's function is (accidentally) non-strict and answers NULL
        }
        ReplSlotEntryView e = snapshot.replSlot(name);
        if (e == null) {
            e = new ReplSlotEntry(name);
        }
        return new Object[] {name, e.spillTxns(), e.spillCount(), e.spillBytes(), e.streamTxns(), e.streamCount(),
                e.streamBytes(), e.totalTxns(), e.totalBytes(), timestampOrNull(e.statResetTimestamp())};
    }
}
