package org.pgstat4j.server.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * The series {@code /metrics} derives from the statistics views, named and labelled as
 * postgres_exporter 0.17 names them (its {@code stat_database}, {@code stat_bgwriter} and
 * {@code stat_user_tables} collectors), so that existing dashboards and alerts work unchanged.
 * Kept as data: one line per column, as the views themselves are.
 *
 * <p>postgres_exporter declares most of these as counters but names them without the
 * {@code _total} suffix ({@code pg_stat_database_xact_commit}); the Prometheus Java client
 * always writes a counter's samples with {@code _total}, so to keep the names exactly such
 * series are typed {@link Type#UNTYPED} (which PromQL's {@code rate()} treats alike). Series
 * whose postgres_exporter name already ends in {@code _total} are real counters.
 */
final class ExporterSeries {
    /** The exposition type of a series. */
    enum Type { COUNTER, GAUGE, UNTYPED }

    /** How a view value becomes a sample value; null means "no sample". */
    enum Value {
        /** A number as is; NULL counts as 0 (postgres_exporter scans NULL as 0). */
        NUMBER,
        /** A timestamp as Unix seconds; NULL as 0 (postgres_exporter's COALESCE to the epoch). */
        UNIX_SECONDS,
        /** Milliseconds as seconds. */
        MS_TO_SECONDS;

        double of(Object v) {
            if (v == null) {
                return 0;
            }
            return switch (this) {
                case NUMBER -> number(v);
                case UNIX_SECONDS -> ((Instant) v).getEpochSecond();
                case MS_TO_SECONDS -> number(v) / 1000.0;
            };
        }

        private static double number(Object v) {
            return switch (v) {
                case Integer i -> i.doubleValue();
                case Long l -> l.doubleValue();
                case Double d -> d;
                case BigInteger b -> b.doubleValue();
                case BigDecimal b -> b.doubleValue();
                default -> throw new IllegalArgumentException("not a number: " + v);
            };
        }
    }

    /**
     * One series: the view column it reads, its full exposition name (with {@code _total} for
     * counters), its type, help text and value conversion.
     */
    record Series(String column, String name, Type type, String help, Value value) {
        /** The name the Java client wants: a counter's name without its {@code _total}. */
        String clientName() {
            return type == Type.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
        }
    }

    private static Series s(String column, String name, Type type, String help) {
        return new Series(column, name, type, help, Value.NUMBER);
    }

    /** {@code pg_stat_database}, labels {@code datid, datname}; the shared row (NULL datname) is skipped. */
    static final List<Series> DATABASE = List.of(
            s("numbackends", "pg_stat_database_numbackends", Type.GAUGE,
                    "Number of backends currently connected to this database"),
            s("xact_commit", "pg_stat_database_xact_commit", Type.UNTYPED,
                    "Number of transactions in this database that have been committed"),
            s("xact_rollback", "pg_stat_database_xact_rollback", Type.UNTYPED,
                    "Number of transactions in this database that have been rolled back"),
            s("blks_read", "pg_stat_database_blks_read", Type.UNTYPED, "Number of disk blocks read in this database"),
            s("blks_hit", "pg_stat_database_blks_hit", Type.UNTYPED,
                    "Number of times disk blocks were found already in the buffer cache"),
            s("tup_returned", "pg_stat_database_tup_returned", Type.UNTYPED,
                    "Number of rows returned by queries in this database"),
            s("tup_fetched", "pg_stat_database_tup_fetched", Type.UNTYPED,
                    "Number of rows fetched by queries in this database"),
            s("tup_inserted", "pg_stat_database_tup_inserted", Type.UNTYPED,
                    "Number of rows inserted by queries in this database"),
            s("tup_updated", "pg_stat_database_tup_updated", Type.UNTYPED,
                    "Number of rows updated by queries in this database"),
            s("tup_deleted", "pg_stat_database_tup_deleted", Type.UNTYPED,
                    "Number of rows deleted by queries in this database"),
            s("conflicts", "pg_stat_database_conflicts", Type.UNTYPED,
                    "Number of queries canceled due to conflicts with recovery in this database"),
            s("temp_files", "pg_stat_database_temp_files", Type.UNTYPED,
                    "Number of temporary files created by queries in this database"),
            s("temp_bytes", "pg_stat_database_temp_bytes", Type.UNTYPED,
                    "Total amount of data written to temporary files by queries in this database"),
            s("deadlocks", "pg_stat_database_deadlocks", Type.UNTYPED, "Number of deadlocks detected in this database"),
            s("blk_read_time", "pg_stat_database_blk_read_time", Type.UNTYPED,
                    "Time spent reading data file blocks by backends in this database, in milliseconds"),
            s("blk_write_time", "pg_stat_database_blk_write_time", Type.UNTYPED,
                    "Time spent writing data file blocks by backends in this database, in milliseconds"),
            new Series("stats_reset", "pg_stat_database_stats_reset", Type.UNTYPED,
                    "Time at which these statistics were last reset", Value.UNIX_SECONDS),
            new Series("active_time", "pg_stat_database_active_time_seconds_total", Type.COUNTER,
                    "Time spent executing SQL statements in this database, in seconds", Value.MS_TO_SECONDS));

    /** {@code pg_stat_bgwriter}, no labels. */
    static final List<Series> BGWRITER = List.of(
            s("checkpoints_timed", "pg_stat_bgwriter_checkpoints_timed_total", Type.COUNTER,
                    "Number of scheduled checkpoints that have been performed"),
            s("checkpoints_req", "pg_stat_bgwriter_checkpoints_req_total", Type.COUNTER,
                    "Number of requested checkpoints that have been performed"),
            s("checkpoint_write_time", "pg_stat_bgwriter_checkpoint_write_time_total", Type.COUNTER,
                    "Time spent in the portion of checkpoint processing where files are written to disk, in milliseconds"),
            s("checkpoint_sync_time", "pg_stat_bgwriter_checkpoint_sync_time_total", Type.COUNTER,
                    "Time spent in the portion of checkpoint processing where files are synchronized to disk, in milliseconds"),
            s("buffers_checkpoint", "pg_stat_bgwriter_buffers_checkpoint_total", Type.COUNTER,
                    "Number of buffers written during checkpoints"),
            s("buffers_clean", "pg_stat_bgwriter_buffers_clean_total", Type.COUNTER,
                    "Number of buffers written by the background writer"),
            s("maxwritten_clean", "pg_stat_bgwriter_maxwritten_clean_total", Type.COUNTER,
                    "Number of times the background writer stopped a cleaning scan because it had written too many buffers"),
            s("buffers_backend", "pg_stat_bgwriter_buffers_backend_total", Type.COUNTER,
                    "Number of buffers written directly by a backend"),
            s("buffers_backend_fsync", "pg_stat_bgwriter_buffers_backend_fsync_total", Type.COUNTER,
                    "Number of times a backend had to execute its own fsync call"),
            s("buffers_alloc", "pg_stat_bgwriter_buffers_alloc_total", Type.COUNTER, "Number of buffers allocated"),
            new Series("stats_reset", "pg_stat_bgwriter_stats_reset_total", Type.COUNTER,
                    "Time at which these statistics were last reset", Value.UNIX_SECONDS));

    /** {@code pg_stat_user_tables}, labels {@code datname, schemaname, relname}. */
    static final List<Series> USER_TABLES = List.of(
            s("seq_scan", "pg_stat_user_tables_seq_scan", Type.UNTYPED, "Number of sequential scans initiated on this table"),
            s("seq_tup_read", "pg_stat_user_tables_seq_tup_read", Type.UNTYPED,
                    "Number of live rows fetched by sequential scans"),
            s("idx_scan", "pg_stat_user_tables_idx_scan", Type.UNTYPED, "Number of index scans initiated on this table"),
            s("idx_tup_fetch", "pg_stat_user_tables_idx_tup_fetch", Type.UNTYPED,
                    "Number of live rows fetched by index scans"),
            s("n_tup_ins", "pg_stat_user_tables_n_tup_ins", Type.UNTYPED, "Number of rows inserted"),
            s("n_tup_upd", "pg_stat_user_tables_n_tup_upd", Type.UNTYPED, "Number of rows updated"),
            s("n_tup_del", "pg_stat_user_tables_n_tup_del", Type.UNTYPED, "Number of rows deleted"),
            s("n_tup_hot_upd", "pg_stat_user_tables_n_tup_hot_upd", Type.UNTYPED,
                    "Number of rows HOT updated (i.e., with no separate index update required)"),
            s("n_live_tup", "pg_stat_user_tables_n_live_tup", Type.GAUGE, "Estimated number of live rows"),
            s("n_dead_tup", "pg_stat_user_tables_n_dead_tup", Type.GAUGE, "Estimated number of dead rows"),
            s("n_mod_since_analyze", "pg_stat_user_tables_n_mod_since_analyze", Type.GAUGE,
                    "Estimated number of rows changed since last analyze"),
            new Series("last_vacuum", "pg_stat_user_tables_last_vacuum", Type.GAUGE,
                    "Last time at which this table was manually vacuumed (not counting VACUUM FULL)", Value.UNIX_SECONDS),
            new Series("last_autovacuum", "pg_stat_user_tables_last_autovacuum", Type.GAUGE,
                    "Last time at which this table was vacuumed by the autovacuum daemon", Value.UNIX_SECONDS),
            new Series("last_analyze", "pg_stat_user_tables_last_analyze", Type.GAUGE,
                    "Last time at which this table was manually analyzed", Value.UNIX_SECONDS),
            new Series("last_autoanalyze", "pg_stat_user_tables_last_autoanalyze", Type.GAUGE,
                    "Last time at which this table was analyzed by the autovacuum daemon", Value.UNIX_SECONDS),
            s("vacuum_count", "pg_stat_user_tables_vacuum_count", Type.UNTYPED,
                    "Number of times this table has been manually vacuumed (not counting VACUUM FULL)"),
            s("autovacuum_count", "pg_stat_user_tables_autovacuum_count", Type.UNTYPED,
                    "Number of times this table has been vacuumed by the autovacuum daemon"),
            s("analyze_count", "pg_stat_user_tables_analyze_count", Type.UNTYPED,
                    "Number of times this table has been manually analyzed"),
            s("autoanalyze_count", "pg_stat_user_tables_autoanalyze_count", Type.UNTYPED,
                    "Number of times this table has been analyzed by the autovacuum daemon"));

    private ExporterSeries() {
    }
}
