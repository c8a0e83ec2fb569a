package org.pgstat4j.server.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.pgstat4j.view.StatFunctions;

/**
 * PostgreSQL 14's {@code pg_stat_get_*} accessor functions as SQL functions, each a public
 * static method of the same name (spec §8): they read the calling session's current
 * snapshot through {@link StatFunctions}, which applies PostgreSQL's 0 / NULL rules. OID
 * arguments arrive as 64-bit integers and are taken modulo 2^32 (unsigned OIDs in an
 * {@code int}). Primitive parameters make the functions strict, as PostgreSQL's are: the
 * engine answers NULL for a NULL argument without calling them.
 */
public final class StatAccessors {
    private StatAccessors() {
    }

    private static StatFunctions f() {
        return SqlSession.current().functions();
    }

    private static int oid(long v) {
        return (int) v;
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    // ---- tables and indexes ----
    public static long pg_stat_get_numscans(long r) { return f().numscans(oid(r)); }
    public static long pg_stat_get_tuples_returned(long r) { return f().tuplesReturned(oid(r)); }
    public static long pg_stat_get_tuples_fetched(long r) { return f().tuplesFetched(oid(r)); }
    public static long pg_stat_get_tuples_inserted(long r) { return f().tuplesInserted(oid(r)); }
    public static long pg_stat_get_tuples_updated(long r) { return f().tuplesUpdated(oid(r)); }
    public static long pg_stat_get_tuples_deleted(long r) { return f().tuplesDeleted(oid(r)); }
    public static long pg_stat_get_tuples_hot_updated(long r) { return f().tuplesHotUpdated(oid(r)); }
    public static long pg_stat_get_live_tuples(long r) { return f().liveTuples(oid(r)); }
    public static long pg_stat_get_dead_tuples(long r) { return f().deadTuples(oid(r)); }
    public static long pg_stat_get_mod_since_analyze(long r) { return f().modSinceAnalyze(oid(r)); }
    public static long pg_stat_get_ins_since_vacuum(long r) { return f().insSinceVacuum(oid(r)); }
    public static long pg_stat_get_blocks_fetched(long r) { return f().blocksFetched(oid(r)); }
    public static long pg_stat_get_blocks_hit(long r) { return f().blocksHit(oid(r)); }
    public static OffsetDateTime pg_stat_get_last_vacuum_time(long r) { return ts(f().lastVacuumTime(oid(r))); }
    public static OffsetDateTime pg_stat_get_last_autovacuum_time(long r) { return ts(f().lastAutovacuumTime(oid(r))); }
    public static OffsetDateTime pg_stat_get_last_analyze_time(long r) { return ts(f().lastAnalyzeTime(oid(r))); }
    public static OffsetDateTime pg_stat_get_last_autoanalyze_time(long r) { return ts(f().lastAutoanalyzeTime(oid(r))); }
    public static long pg_stat_get_vacuum_count(long r) { return f().vacuumCount(oid(r)); }
    public static long pg_stat_get_autovacuum_count(long r) { return f().autovacuumCount(oid(r)); }
    public static long pg_stat_get_analyze_count(long r) { return f().analyzeCount(oid(r)); }
    public static long pg_stat_get_autoanalyze_count(long r) { return f().autoanalyzeCount(oid(r)); }

    // ---- functions (NULL without an entry) ----
    public static Long pg_stat_get_function_calls(long p) { return f().functionCalls(oid(p)); }
    public static Double pg_stat_get_function_total_time(long p) { return f().functionTotalTime(oid(p)); }
    public static Double pg_stat_get_function_self_time(long p) { return f().functionSelfTime(oid(p)); }

    // ---- the session's pending counts: a SQL session of this endpoint counts nothing ----
    public static long pg_stat_get_xact_numscans(long r) { return f().xactNumscans(oid(r)); }
    public static long pg_stat_get_xact_tuples_returned(long r) { return f().xactTuplesReturned(oid(r)); }
    public static long pg_stat_get_xact_tuples_fetched(long r) { return f().xactTuplesFetched(oid(r)); }
    public static long pg_stat_get_xact_tuples_inserted(long r) { return f().xactTuplesInserted(oid(r)); }
    public static long pg_stat_get_xact_tuples_updated(long r) { return f().xactTuplesUpdated(oid(r)); }
    public static long pg_stat_get_xact_tuples_deleted(long r) { return f().xactTuplesDeleted(oid(r)); }
    public static long pg_stat_get_xact_tuples_hot_updated(long r) { return f().xactTuplesHotUpdated(oid(r)); }
    public static long pg_stat_get_xact_blocks_fetched(long r) { return f().xactBlocksFetched(oid(r)); }
    public static long pg_stat_get_xact_blocks_hit(long r) { return f().xactBlocksHit(oid(r)); }
    public static Long pg_stat_get_xact_function_calls(long p) { return f().xactFunctionCalls(oid(p)); }
    public static Double pg_stat_get_xact_function_total_time(long p) { return f().xactFunctionTotalTime(oid(p)); }
    public static Double pg_stat_get_xact_function_self_time(long p) { return f().xactFunctionSelfTime(oid(p)); }

    // ---- databases (0 = shared objects) ----
    public static int pg_stat_get_db_numbackends(long d) {
        return SqlSession.current().viewContext().numBackends().applyAsInt(oid(d));
    }
    public static long pg_stat_get_db_xact_commit(long d) { return f().dbXactCommit(oid(d)); }
    public static long pg_stat_get_db_xact_rollback(long d) { return f().dbXactRollback(oid(d)); }
    public static long pg_stat_get_db_blocks_fetched(long d) { return f().dbBlocksFetched(oid(d)); }
    public static long pg_stat_get_db_blocks_hit(long d) { return f().dbBlocksHit(oid(d)); }
    public static long pg_stat_get_db_tuples_returned(long d) { return f().dbTuplesReturned(oid(d)); }
    public static long pg_stat_get_db_tuples_fetched(long d) { return f().dbTuplesFetched(oid(d)); }
    public static long pg_stat_get_db_tuples_inserted(long d) { return f().dbTuplesInserted(oid(d)); }
    public static long pg_stat_get_db_tuples_updated(long d) { return f().dbTuplesUpdated(oid(d)); }
    public static long pg_stat_get_db_tuples_deleted(long d) { return f().dbTuplesDeleted(oid(d)); }
    public static long pg_stat_get_db_conflict_tablespace(long d) { return f().dbConflictTablespace(oid(d)); }
    public static long pg_stat_get_db_conflict_lock(long d) { return f().dbConflictLock(oid(d)); }
    public static long pg_stat_get_db_conflict_snapshot(long d) { return f().dbConflictSnapshot(oid(d)); }
    public static long pg_stat_get_db_conflict_bufferpin(long d) { return f().dbConflictBufferpin(oid(d)); }
    public static long pg_stat_get_db_conflict_startup_deadlock(long d) { return f().dbConflictStartupDeadlock(oid(d)); }
    public static long pg_stat_get_db_conflict_all(long d) { return f().dbConflictAll(oid(d)); }
    public static long pg_stat_get_db_temp_files(long d) { return f().dbTempFiles(oid(d)); }
    public static long pg_stat_get_db_temp_bytes(long d) { return f().dbTempBytes(oid(d)); }
    public static long pg_stat_get_db_deadlocks(long d) { return f().dbDeadlocks(oid(d)); }
    public static Long pg_stat_get_db_checksum_failures(long d) { return f().dbChecksumFailures(oid(d)); }
    public static OffsetDateTime pg_stat_get_db_checksum_last_failure(long d) { return ts(f().dbChecksumLastFailure(oid(d))); }
    public static double pg_stat_get_db_blk_read_time(long d) { return f().dbBlkReadTime(oid(d)); }
    public static double pg_stat_get_db_blk_write_time(long d) { return f().dbBlkWriteTime(oid(d)); }
    public static double pg_stat_get_db_session_time(long d) { return f().dbSessionTime(oid(d)); }
    public static double pg_stat_get_db_active_time(long d) { return f().dbActiveTime(oid(d)); }
    public static double pg_stat_get_db_idle_in_transaction_time(long d) { return f().dbIdleInTransactionTime(oid(d)); }
    public static long pg_stat_get_db_sessions(long d) { return f().dbSessions(oid(d)); }
    public static long pg_stat_get_db_sessions_abandoned(long d) { return f().dbSessionsAbandoned(oid(d)); }
    public static long pg_stat_get_db_sessions_fatal(long d) { return f().dbSessionsFatal(oid(d)); }
    public static long pg_stat_get_db_sessions_killed(long d) { return f().dbSessionsKilled(oid(d)); }
    public static OffsetDateTime pg_stat_get_db_stat_reset_time(long d) { return ts(f().dbStatResetTime(oid(d))); }

    // ---- bgwriter and checkpointer ----
    public static long pg_stat_get_bgwriter_timed_checkpoints() { return f().bgwriterTimedCheckpoints(); }
    public static long pg_stat_get_bgwriter_requested_checkpoints() { return f().bgwriterRequestedCheckpoints(); }
    public static double pg_stat_get_checkpoint_write_time() { return f().checkpointWriteTime(); }
    public static double pg_stat_get_checkpoint_sync_time() { return f().checkpointSyncTime(); }
    public static long pg_stat_get_bgwriter_buf_written_checkpoints() { return f().bgwriterBufWrittenCheckpoints(); }
    public static long pg_stat_get_bgwriter_buf_written_clean() { return f().bgwriterBufWrittenClean(); }
    public static long pg_stat_get_bgwriter_maxwritten_clean() { return f().bgwriterMaxwrittenClean(); }
    public static long pg_stat_get_buf_written_backend() { return f().bufWrittenBackend(); }
    public static long pg_stat_get_buf_fsync_backend() { return f().bufFsyncBackend(); }
    public static long pg_stat_get_buf_alloc() { return f().bufAlloc(); }
    public static OffsetDateTime pg_stat_get_bgwriter_stat_reset_time() { return ts(f().bgwriterStatResetTime()); }

    // ---- the snapshot itself ----
    /** When the collector wrote the file of the current snapshot (loads one if needed). */
    public static OffsetDateTime pg_stat_get_snapshot_timestamp() { return ts(f().snapshotTimestamp()); }

    /** Discards the current snapshot; the next read in this transaction takes a new one. */
    public static String pg_stat_clear_snapshot() {
        SqlSession.current().clearSnapshot();
        return SessionFunctions.VOID;
    }
}
