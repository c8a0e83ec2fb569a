package org.pgstat4j.server.top;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The cumulative counters that activity rates are made of, read from one snapshot: the
 * database's transactions and tuple counts ({@code pg_stat_database}) and each user table's
 * tuple and scan counts ({@code pg_stat_user_tables}), stamped with the time the collector
 * wrote the stats file they come from — the instant at which these counts were true, so rates
 * between two samples are exact whatever the delay of the reads.
 *
 * @param collectedAt PostgreSQL timestamp (µs since 2000-01-01) of the stats file; 0 if none
 */
public record ActivitySample(long collectedAt, long xactCommit, long xactRollback, long tupInserted,
                             long tupUpdated, long tupDeleted, List<Table> tables) {
    private static final ViewDefinition DATABASE = Views.byName("pg_stat_database").orElseThrow();
    private static final ViewDefinition USER_TABLES = Views.byName("pg_stat_user_tables").orElseThrow();

    /** One user table's counters; {@code scans} is sequential plus index scans. */
    public record Table(int relid, String schemaname, String relname, long inserted, long updated,
                        long deleted, long scans) {
    }

    public ActivitySample {
        tables = List.copyOf(tables);
    }

    /** The sample of {@code ctx}'s snapshot for its own database. */
    public static ActivitySample of(ViewContext ctx) {
        int own = ctx.snapshot().ownDatabase();
        long commit = 0;
        long rollback = 0;
        long ins = 0;
        long upd = 0;
        long del = 0;
        for (Object[] r : DATABASE.rows(ctx)) {
            Object datid = r[DATABASE.columnIndex("datid")];
            if (datid != null && (Integer) datid == own) {
                commit = num(r, DATABASE, "xact_commit");
                rollback = num(r, DATABASE, "xact_rollback");
                ins = num(r, DATABASE, "tup_inserted");
                upd = num(r, DATABASE, "tup_updated");
                del = num(r, DATABASE, "tup_deleted");
            }
        }
        List<Table> tables = new ArrayList<>();
        for (Object[] r : USER_TABLES.rows(ctx)) {
            tables.add(new Table((Integer) r[USER_TABLES.columnIndex("relid")],
                    (String) r[USER_TABLES.columnIndex("schemaname")], (String) r[USER_TABLES.columnIndex("relname")],
                    num(r, USER_TABLES, "n_tup_ins"), num(r, USER_TABLES, "n_tup_upd"),
                    num(r, USER_TABLES, "n_tup_del"),
                    num(r, USER_TABLES, "seq_scan") + num(r, USER_TABLES, "idx_scan")));
        }
        return new ActivitySample(ctx.snapshot().snapshotTimestamp(), commit, rollback, ins, upd, del, tables);
    }

    /** Sequential plus index scans over every user table. */
    public long scans() {
        long n = 0;
        for (Table t : tables) {
            n += t.scans();
        }
        return n;
    }

    /** A bigint or integer column, NULL as 0 (idx_scan is NULL for a table without indexes). */
    private static long num(Object[] row, ViewDefinition v, String column) {
        Object o = row[v.columnIndex(column)];
        return o == null ? 0 : ((Number) o).longValue();
    }
}
