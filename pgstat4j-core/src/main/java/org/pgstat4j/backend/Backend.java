package org.pgstat4j.backend;

import java.util.List;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.DisconnectMessage;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.transport.StatsSender;

/**
 * One session's statistics (PostgreSQL's backend-local pgstat state, spec §4): counts table,
 * index and function activity locally, folds transactional counts at (sub)transaction end
 * with PostgreSQL 14's arithmetic, and ships everything to the collector at idle points, at
 * most every 500 ms, and at exit.
 *
 * <p>Thread confinement: a backend belongs to its session's thread; nothing in it is locked
 * or published. Counting never allocates once a relation is open in the current flush window
 * and never blocks; no call fails because of statistics (sends that fail are dropped and
 * counted by the {@link StatsSender}).
 *
 * <p>Time: the rate limit, session times and report timestamps read the injected
 * {@link StatsClock}; the flush time "now" is the clock at the flush (PostgreSQL uses the
 * last transaction's stop time when it has one, which differs only by the statement's tail).
 *
 * <p>Truncate flag: by default PostgreSQL 14's overwrite-at-commit behaviour is reproduced
 * (spec §4.4, §10.3 item 8) so that our datagrams equal PostgreSQL's; see {@link XactStack}
 * and {@link BackendBuilder#stickyTruncateFlag}.
 *
 * <p>The one way to misuse it: flushing is for idle points. {@link #reportStat(boolean)
 * reportStat(false)} inside a transaction with uncommitted table changes does nothing.
 */
public final class Backend implements AutoCloseable {

    private final int databaseId;
    private final BackendType type;
    private final StatsSettings settings;
    private final StatsClock clock;
    private final Outbox out;
    private final Runnable transactionEndHook;
    private final long startTimestamp;

    private final PendingTables tables = new PendingTables();
    private final TableStatus notCounted = TableStatus.notCounted();
    private final XactStack xact;
    private final FunctionStats functions;
    private final SessionStats session;
    private final WalStats wal;
    private final SlruStats slru = new SlruStats();
    private final BgWriterStats bgWriter;
    private final EventReports reports;
    private final ResetFunctions resets;
    private final PendingStats pending;

    /** {@code last_report}: time of the last report pass; 0 before the first. */
    private long lastReport;
    private boolean forceNextFlush;
    private boolean closed;

    Backend(BackendBuilder b) {
        databaseId = b.databaseId;
        type = b.type;
        settings = b.settings;
        clock = b.clock;
        out = new Outbox(b.sender, b.enabled);
        transactionEndHook = b.transactionEndHook;
        startTimestamp = b.startTimestamp != null ? b.startTimestamp : clock.currentTimestamp();
        xact = new XactStack(b.stickyTruncateFlag);
        functions = new FunctionStats(clock, settings);
        session = new SessionStats(clock, settings, type.reportsSessions(), startTimestamp);
        wal = new WalStats(out, clock, settings);
        bgWriter = new BgWriterStats(out);
        reports = new EventReports(out, clock, settings, tables, databaseId, type);
        resets = new ResetFunctions(out, databaseId);
        pending = new PendingStats(tables, functions);
    }

    /** A builder for a backend that sends through {@code sender}. */
    public static BackendBuilder builder(StatsSender sender) {
        return new BackendBuilder(sender);
    }

    // ---------------------------------------------------------------- relations

    /**
     * {@code pgstat_initstats}: the handle to count on for relation {@code oid}. Counted only
     * if its kind has storage or is a partitioned table, statistics are enabled and
     * {@code track_counts} is on now; otherwise a handle on which every count is a no-op.
     * {@code shared}: the relation is a shared catalog (reported under database 0).
     */
    public TableStatus openRelation(int oid, RelKind kind, boolean shared) {
        if (!kind.isCounted() || !out.enabled() || !settings.trackCounts()) {
            return notCounted;
        }
        return tables.getOrCreate(oid, shared);
    }

    /** A sequential scan of a table starts or restarts. */
    public void countHeapScan(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.numScans++;
        }
    }

    /** A sequential or sample scan returned one tuple. */
    public void countHeapGetnext(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.tuplesReturned++;
        }
    }

    /** A heap tuple was fetched: by a bitmap heap scan (table) or through an index (the index). */
    public void countHeapFetch(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.tuplesFetched++;
        }
    }

    /** An index scan starts (each rescan counts again). */
    public void countIndexScan(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.numScans++;
        }
    }

    /** An index returned {@code n} entries. */
    public void countIndexTuples(TableStatus rel, long n) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.tuplesReturned += n;
        }
    }

    /** A buffer of the relation was requested (hit or miss). */
    public void countBufferRead(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.blocksFetched++;
        }
    }

    /** A requested buffer was found in shared buffers. */
    public void countBufferHit(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.blocksHit++;
        }
    }

    /** {@code n} tuples were inserted (transactional). */
    public void countHeapInsert(TableStatus rel, long n) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            xact.record(t).tuplesInserted += n;
        }
    }

    /** A tuple was updated (transactional); {@code hot}: a HOT update (not transactional). */
    public void countHeapUpdate(TableStatus rel, boolean hot) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            xact.record(t).tuplesUpdated++;
            if (hot) {
                t.tuplesHotUpdated++;
            }
        }
    }

    /** A tuple was deleted, or a speculative insertion backed out (transactional). */
    public void countHeapDelete(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            xact.record(t).tuplesDeleted++;
        }
    }

    /** The table was truncated in the current (sub)transaction. */
    public void countTruncate(TableStatus rel) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            xact.countTruncate(t);
        }
    }

    /** Page pruning removed {@code removed} dead tuples. */
    public void updateHeapDeadTuples(TableStatus rel, long removed) {
        TableStatus t = tables.current(rel);
        if (t != null) {
            t.deltaDeadTuples -= removed;
        }
    }

    /** A data block read took {@code micros} (kept only with {@code track_io_timing}). */
    public void countBufferReadTime(long micros) {
        session.countBlockReadTime(micros);
    }

    /** A data block write took {@code micros} (kept only with {@code track_io_timing}). */
    public void countBufferWriteTime(long micros) {
        session.countBlockWriteTime(micros);
    }

    // ---------------------------------------------------------------- transactions

    /** The current transaction nesting level: 1 at top level. */
    public int nestLevel() {
        return xact.nestLevel();
    }

    /** A subtransaction (savepoint) starts; returns its nesting level. */
    public int beginSubTransaction() {
        return xact.beginSubTransaction();
    }

    /** The innermost subtransaction commits (RELEASE SAVEPOINT). */
    public void commitSubTransaction() {
        xact.endSubTransaction(true);
    }

    /** The innermost subtransaction aborts. */
    public void rollbackSubTransaction() {
        xact.endSubTransaction(false);
    }

    /** ROLLBACK TO SAVEPOINT: the innermost subtransaction aborts and a new one starts. */
    public void rollbackToSavepoint() {
        xact.endSubTransaction(false);
        xact.beginSubTransaction();
    }

    /** The transaction commits (open subtransactions commit first). */
    public void commitTransaction() {
        endTransaction(true);
    }

    /** The transaction aborts (open subtransactions abort first). */
    public void rollbackTransaction() {
        endTransaction(false);
    }

    private void endTransaction(boolean commit) {
        if (type.countsTransactions()) {
            session.countTransactionEnd(commit);
        }
        xact.endTransaction(commit);
        transactionEndHook.run();
    }

    /**
     * PREPARE TRANSACTION: the transaction's table counts leave this backend as records to
     * be applied by whichever backend finishes it; nothing is counted here.
     */
    public List<TwoPhaseRecord> prepareTransaction() {
        List<TwoPhaseRecord> records = xact.prepare();
        transactionEndHook.run();
        return records;
    }

    /**
     * COMMIT PREPARED: applies the prepared counts with top-level commit arithmetic and
     * counts the prepared transaction as a commit of this backend's database. The statement's
     * own transaction ends (and counts) separately, as every statement's does.
     */
    public void commitPrepared(List<TwoPhaseRecord> records) {
        xact.commitPrepared(tables, records);
        finishPrepared(true);
    }

    /**
     * ROLLBACK PREPARED: applies the prepared counts (pre-truncate ones if truncated) as
     * aborted and counts the prepared transaction as a rollback.
     */
    public void rollbackPrepared(List<TwoPhaseRecord> records) {
        xact.rollbackPrepared(tables, records);
        finishPrepared(false);
    }

    /**
     * PostgreSQL 14 ends a prepared transaction with its end-of-transaction statistics step:
     * the finishing backend counts it (a real PostgreSQL 14 capture shows COMMIT PREPARED +
     * ROLLBACK PREPARED + SELECT as 4 commits and 1 rollback) and drops its snapshot.
     */
    private void finishPrepared(boolean commit) {
        session.countTransactionEnd(commit);
        transactionEndHook.run();
    }

    // ---------------------------------------------------------------- functions

    /**
     * A call of function {@code oid} starts; {@code functionLevel} is its
     * {@link TrackFunctions#levelForLanguage level}. Returns a token for
     * {@link #endFunctionUsage}, negative when the call is not timed.
     */
    public int initFunctionUsage(int oid, TrackFunctions functionLevel) {
        return functions.initUsage(oid, functionLevel);
    }

    /**
     * The call of {@code token} ends; {@code finalCall} is false for the intermediate returns
     * of a value-per-call set-returning function, which add time but not a call.
     */
    public void endFunctionUsage(int token, boolean finalCall) {
        functions.endUsage(token, finalCall);
    }

    // ---------------------------------------------------------------- reporting

    /** Client backends: the session starts (after authentication); sends CONNECT. */
    public void reportConnect() {
        if (type.reportsSessions()) {
            session.lastSessionReportTime = startTimestamp;
            out.send(new ConnectMessage(databaseId));
        }
    }

    /** The next {@link #reportStat(boolean)} ignores the 500 ms limit. */
    public void forceNextFlush() {
        forceNextFlush = true;
    }

    /**
     * {@code pgstat_report_stat}: ships pending counts, for an idle point outside any
     * transaction ({@code disconnect = false}, at most every 500 ms) or at exit
     * ({@code disconnect = true}: no limit, DISCONNECT first, an open transaction is aborted
     * beforehand). Returns whether a report pass ran.
     */
    public boolean reportStat(boolean disconnect) {
        if (disconnect && (xact.hasPendingRecords() || xact.nestLevel() > 1)) {
            rollbackTransaction();
        }
        if (!disconnect && !tables.inUse() && !session.hasTransactionCounts()
                && !wal.hasPending() && !functions.havePendingStats()) {
            return false;
        }
        if (!disconnect && xact.hasPendingRecords()) {
            return false;
        }
        long now = clock.currentTimestamp();
        if (!disconnect && !forceNextFlush && !PgTimestamps.differenceExceeds(lastReport, now, Wire.STAT_INTERVAL_MS)) {
            return false;
        }
        forceNextFlush = false;
        lastReport = now;
        if (disconnect && type.reportsSessions()) {
            out.send(new DisconnectMessage(databaseId, session.endCause().code()));
        }
        TabStatPacker.flush(tables, session, databaseId, now, disconnect, out);
        functions.flush(out, databaseId);
        wal.send(true);
        slru.flush(out);
        return true;
    }

    /**
     * The process exits normally: a final report with DISCONNECT if it is connected to a
     * database. Idempotent. Processes that die abnormally simply never call it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (databaseId != 0) {
            reportStat(true);
        }
    }

    // ---------------------------------------------------------------- parts

    public int databaseId() {
        return databaseId;
    }

    public BackendType backendType() {
        return type;
    }

    public StatsSettings settings() {
        return settings;
    }

    /** Session, activity and end-cause counters. */
    public SessionStats session() {
        return session;
    }

    public WalStats wal() {
        return wal;
    }

    public SlruStats slru() {
        return slru;
    }

    public BgWriterStats bgWriter() {
        return bgWriter;
    }

    /** One-off reports: temp files, deadlocks, VACUUM/ANALYZE, drops, purges, slots, archiver. */
    public EventReports reports() {
        return reports;
    }

    /** The reset functions. */
    public ResetFunctions resets() {
        return resets;
    }

    /** The {@code pg_stat_get_xact_*} view of pending counts. */
    public PendingStats pending() {
        return pending;
    }
}
