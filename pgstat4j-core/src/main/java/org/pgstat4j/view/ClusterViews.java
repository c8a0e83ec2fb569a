package org.pgstat4j.view;

import static org.pgstat4j.view.PgType.FLOAT8;
import static org.pgstat4j.view.PgType.INT4;
import static org.pgstat4j.view.PgType.INT8;
import static org.pgstat4j.view.PgType.NAME;
import static org.pgstat4j.view.PgType.NUMERIC;
import static org.pgstat4j.view.PgType.OID;
import static org.pgstat4j.view.PgType.TEXT;
import static org.pgstat4j.view.PgType.TIMESTAMPTZ;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.catalog.PgDatabase;

/**
 * The per-database and cluster-wide views (spec §8.1): {@code pg_stat_database},
 * {@code pg_stat_database_conflicts}, {@code pg_stat_bgwriter}, {@code pg_stat_wal},
 * {@code pg_stat_slru}, {@code pg_stat_archiver} and {@code pg_stat_replication_slots},
 * with the record-returning functions behind the last four.
 *
 * <p>NULL rules differ per view, as in PostgreSQL 14: bgwriter, WAL and SLRU show a zero
 * reset time as the epoch; archiver and slots show NULL for it.
 */
final class ClusterViews {
    static final List<Column> DATABASE = List.of(
            Column.of("datid", OID), Column.of("datname", NAME), Column.of("numbackends", INT4),
            Column.of("xact_commit", INT8), Column.of("xact_rollback", INT8),
            Column.of("blks_read", INT8), Column.of("blks_hit", INT8),
            Column.of("tup_returned", INT8), Column.of("tup_fetched", INT8), Column.of("tup_inserted", INT8),
            Column.of("tup_updated", INT8), Column.of("tup_deleted", INT8), Column.of("conflicts", INT8),
            Column.of("temp_files", INT8), Column.of("temp_bytes", INT8), Column.of("deadlocks", INT8),
            Column.of("checksum_failures", INT8), Column.of("checksum_last_failure", TIMESTAMPTZ),
            Column.of("blk_read_time", FLOAT8), Column.of("blk_write_time", FLOAT8),
            Column.of("session_time", FLOAT8), Column.of("active_time", FLOAT8),
            Column.of("idle_in_transaction_time", FLOAT8), Column.of("sessions", INT8),
            Column.of("sessions_abandoned", INT8), Column.of("sessions_fatal", INT8),
            Column.of("sessions_killed", INT8), Column.of("stats_reset", TIMESTAMPTZ));

    static final List<Column> DATABASE_CONFLICTS = List.of(
            Column.of("datid", OID), Column.of("datname", NAME), Column.of("confl_tablespace", INT8),
            Column.of("confl_lock", INT8), Column.of("confl_snapshot", INT8),
            Column.of("confl_bufferpin", INT8), Column.of("confl_deadlock", INT8));

    static final List<Column> BGWRITER = List.of(
            Column.of("checkpoints_timed", INT8), Column.of("checkpoints_req", INT8),
            Column.of("checkpoint_write_time", FLOAT8), Column.of("checkpoint_sync_time", FLOAT8),
            Column.of("buffers_checkpoint", INT8), Column.of("buffers_clean", INT8),
            Column.of("maxwritten_clean", INT8), Column.of("buffers_backend", INT8),
            Column.of("buffers_backend_fsync", INT8), Column.of("buffers_alloc", INT8),
            Column.of("stats_reset", TIMESTAMPTZ));

    static final List<Column> WAL = List.of(
            Column.of("wal_records", INT8), Column.of("wal_fpi", INT8), Column.of("wal_bytes", NUMERIC),
            Column.of("wal_buffers_full", INT8), Column.of("wal_write", INT8), Column.of("wal_sync", INT8),
            Column.of("wal_write_time", FLOAT8), Column.of("wal_sync_time", FLOAT8),
            Column.of("stats_reset", TIMESTAMPTZ));

    static final List<Column> SLRU = List.of(
            Column.of("name", TEXT), Column.of("blks_zeroed", INT8), Column.of("blks_hit", INT8),
            Column.of("blks_read", INT8), Column.of("blks_written", INT8), Column.of("blks_exists", INT8),
            Column.of("flushes", INT8), Column.of("truncates", INT8), Column.of("stats_reset", TIMESTAMPTZ));

    static final List<Column> ARCHIVER = List.of(
            Column.of("archived_count", INT8), Column.of("last_archived_wal", TEXT),
            Column.of("last_archived_time", TIMESTAMPTZ), Column.of("failed_count", INT8),
            Column.of("last_failed_wal", TEXT), Column.of("last_failed_time", TIMESTAMPTZ),
            Column.of("stats_reset", TIMESTAMPTZ));

    static final List<Column> REPLICATION_SLOTS = List.of(
            Column.of("slot_name", TEXT), Column.of("spill_txns", INT8), Column.of("spill_count", INT8),
            Column.of("spill_bytes", INT8), Column.of("stream_txns", INT8), Column.of("stream_count", INT8),
            Column.of("stream_bytes", INT8), Column.of("total_txns", INT8), Column.of("total_bytes", INT8),
            Column.of("stats_reset", TIMESTAMPTZ));

    private ClusterViews() {
    }

    /** One row per catalog database plus the row of shared objects (datid 0, datname NULL). */
    static List<Object[]> database(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        rows.add(databaseRow(ctx, f, 0, null));
        for (PgDatabase d : ctx.catalog().databases()) {
            rows.add(databaseRow(ctx, f, d.oid(), d.datname()));
        }
        return rows;
    }

    private static Object[] databaseRow(ViewContext ctx, StatFunctions f, int d, String datname) {
        int backends = d == 0 ? 0 : ctx.numBackends().applyAsInt(d);
        return new Object[] {d, datname, backends, f.dbXactCommit(d), f.dbXactRollback(d),
                f.dbBlocksFetched(d) - f.dbBlocksHit(d), f.dbBlocksHit(d), f.dbTuplesReturned(d),
                f.dbTuplesFetched(d), f.dbTuplesInserted(d), f.dbTuplesUpdated(d), f.dbTuplesDeleted(d),
                f.dbConflictAll(d), f.dbTempFiles(d), f.dbTempBytes(d), f.dbDeadlocks(d),
                f.dbChecksumFailures(d), f.dbChecksumLastFailure(d), f.dbBlkReadTime(d),
                f.dbBlkWriteTime(d), f.dbSessionTime(d), f.dbActiveTime(d), f.dbIdleInTransactionTime(d),
                f.dbSessions(d), f.dbSessionsAbandoned(d), f.dbSessionsFatal(d), f.dbSessionsKilled(d),
                f.dbStatResetTime(d)};
    }

    /** One row per catalog database; no row for shared objects. */
    static List<Object[]> databaseConflicts(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (PgDatabase db : ctx.catalog().databases()) {
            int d = db.oid();
            rows.add(new Object[] {d, db.datname(), f.dbConflictTablespace(d), f.dbConflictLock(d),
                    f.dbConflictSnapshot(d), f.dbConflictBufferpin(d), f.dbConflictStartupDeadlock(d)});
        }
        return rows;
    }

    static List<Object[]> bgwriter(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        return List.<Object[]>of(new Object[] {f.bgwriterTimedCheckpoints(), f.bgwriterRequestedCheckpoints(),
                f.checkpointWriteTime(), f.checkpointSyncTime(), f.bgwriterBufWrittenCheckpoints(),
                f.bgwriterBufWrittenClean(), f.bgwriterMaxwrittenClean(), f.bufWrittenBackend(),
                f.bufFsyncBackend(), f.bufAlloc(), f.bgwriterStatResetTime()});
    }

    static List<Object[]> wal(ViewContext ctx) {
        return List.<Object[]>of(ctx.functions().wal());
    }

    static List<Object[]> slru(ViewContext ctx) {
        return ctx.functions().slru();
    }

    static List<Object[]> archiver(ViewContext ctx) {
        return List.<Object[]>of(ctx.functions().archiver());
    }

    /** One row per existing logical slot. */
    static List<Object[]> replicationSlots(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (String name : ctx.logicalSlots().get()) {
            rows.add(f.replicationSlot(name));
        }
        return rows;
    }
}
