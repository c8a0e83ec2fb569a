package org.pgstat4j.server.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's workload made PostgreSQL count, read from PostgreSQL's own snapshot — so a
 * report shows that the compared values are not zeros: hot updates, deadlocks, temp files,
 * killed and abandoned sessions, function calls, archiver failures, decoded slot changes...
 * Resets in the workload may zero some of them in one seed; summed over seeds they show what
 * the comparison covered.
 *
 * <p>Invariant: every figure is a sum of values PostgreSQL showed; nothing is estimated.
 */
final class Coverage {
    private final Map<String, Long> totals = new LinkedHashMap<>();

    /** Adds what one seed's snapshot shows for database {@code database}. */
    synchronized void add(PostgresSnapshot s, String database) {
        sum(s, "pg_stat_database", r -> database.equals(r.get("datname")), "xact_commit", "xact_rollback",
                "deadlocks", "temp_files", "sessions", "sessions_killed", "sessions_abandoned", "sessions_fatal");
        sum(s, "pg_stat_database", r -> database.equals(r.get("datname")) && r.get("blk_read_time") != null
                && Double.parseDouble(r.get("blk_read_time")) > 0, "datid");
        sum(s, "pg_stat_user_tables", r -> true, "seq_scan", "idx_scan", "n_tup_ins", "n_tup_upd", "n_tup_hot_upd",
                "n_tup_del", "vacuum_count", "autovacuum_count", "analyze_count", "autoanalyze_count");
        sum(s, "pg_statio_user_tables", r -> true, "toast_blks_hit");
        sum(s, "pg_stat_user_functions", r -> true, "calls");
        sum(s, "pg_stat_archiver", r -> true, "archived_count", "failed_count");
        sum(s, "pg_stat_replication_slots", r -> true, "total_txns", "spill_txns");
        sum(s, "pg_stat_bgwriter", r -> true, "checkpoints_req", "buffers_alloc");
        sum(s, "pg_stat_wal", r -> true, "wal_records");
        totals.merge("seeds", 1L, Long::sum);
    }

    private interface RowFilter {
        boolean test(Map<String, String> row);
    }

    private void sum(PostgresSnapshot s, String view, RowFilter filter, String... columns) {
        List<String> header = s.header(view);
        for (List<String> row : s.rows(view)) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), row.get(i));
            }
            if (!filter.test(m)) {
                continue;
            }
            for (String c : columns) {
                String v = m.get(c);
                String key = c.equals("datid") ? "databases with blk_read_time > 0" : view + "." + c;
                long n = v == null ? 0 : (long) Double.parseDouble(v);
                totals.merge(key, c.equals("datid") ? 1 : n, Long::sum);
            }
        }
        for (String c : columns) {
            totals.putIfAbsent(c.equals("datid") ? "databases with blk_read_time > 0" : view + "." + c, 0L);
        }
    }

    synchronized Map<String, Long> totals() {
        return Map.copyOf(totals);
    }

    @Override
    public synchronized String toString() {
        return totals.toString();
    }
}
