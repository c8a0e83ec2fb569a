package org.pgstat4j.view;

import static org.pgstat4j.view.PgType.FLOAT8;
import static org.pgstat4j.view.PgType.INT8;
import static org.pgstat4j.view.PgType.NAME;
import static org.pgstat4j.view.PgType.OID;
import static org.pgstat4j.view.PgType.TIMESTAMPTZ;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.Set;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgProc;
import org.pgstat4j.backend.RelKind;

/**
 * The per-relation and per-function views (spec §8.1): {@code pg_stat_*_tables},
 * {@code pg_stat_xact_*_tables}, {@code pg_statio_*_tables}, {@code pg_stat_*_indexes},
 * {@code pg_statio_*_indexes}, {@code pg_statio_*_sequences} and the two function views.
 *
 * <p>Each method is the view's SQL definition in Java: the same joins (an aggregate over a
 * table's indexes is NULL when it has none; TOAST columns are NULL when the table has no TOAST
 * table in the catalog) and the same accessor functions, so NULLs appear exactly where
 * PostgreSQL's do.
 */
final class RelationViews {
    /** Rows of the table views: tables, TOAST tables, materialized views, partitioned tables. */
    private static final Set<RelKind> TABLE_KINDS = EnumSet.of(RelKind.RELATION, RelKind.TOAST_VALUE,
            RelKind.MATVIEW, RelKind.PARTITIONED_TABLE);
    /** Tables whose indexes the index views and statio tables show (no partitioned tables). */
    private static final Set<RelKind> HEAP_KINDS = EnumSet.of(RelKind.RELATION, RelKind.TOAST_VALUE,
            RelKind.MATVIEW);

    static final List<Column> STAT_TABLES = List.of(
            Column.of("relid", OID), Column.of("schemaname", NAME), Column.of("relname", NAME),
            Column.of("seq_scan", INT8), Column.of("seq_tup_read", INT8),
            Column.of("idx_scan", INT8), Column.of("idx_tup_fetch", INT8),
            Column.of("n_tup_ins", INT8), Column.of("n_tup_upd", INT8), Column.of("n_tup_del", INT8),
            Column.of("n_tup_hot_upd", INT8), Column.of("n_live_tup", INT8), Column.of("n_dead_tup", INT8),
            Column.of("n_mod_since_analyze", INT8), Column.of("n_ins_since_vacuum", INT8),
            Column.of("last_vacuum", TIMESTAMPTZ), Column.of("last_autovacuum", TIMESTAMPTZ),
            Column.of("last_analyze", TIMESTAMPTZ), Column.of("last_autoanalyze", TIMESTAMPTZ),
            Column.of("vacuum_count", INT8), Column.of("autovacuum_count", INT8),
            Column.of("analyze_count", INT8), Column.of("autoanalyze_count", INT8));

    static final List<Column> XACT_TABLES = STAT_TABLES.subList(0, 11);

    static final List<Column> STATIO_TABLES = List.of(
            Column.of("relid", OID), Column.of("schemaname", NAME), Column.of("relname", NAME),
            Column.of("heap_blks_read", INT8), Column.of("heap_blks_hit", INT8),
            Column.of("idx_blks_read", INT8), Column.of("idx_blks_hit", INT8),
            Column.of("toast_blks_read", INT8), Column.of("toast_blks_hit", INT8),
            Column.of("tidx_blks_read", INT8), Column.of("tidx_blks_hit", INT8));

    static final List<Column> STAT_INDEXES = List.of(
            Column.of("relid", OID), Column.of("indexrelid", OID), Column.of("schemaname", NAME),
            Column.of("relname", NAME), Column.of("indexrelname", NAME),
            Column.of("idx_scan", INT8), Column.of("idx_tup_read", INT8), Column.of("idx_tup_fetch", INT8));

    static final List<Column> STATIO_INDEXES = List.of(
            Column.of("relid", OID), Column.of("indexrelid", OID), Column.of("schemaname", NAME),
            Column.of("relname", NAME), Column.of("indexrelname", NAME),
            Column.of("idx_blks_read", INT8), Column.of("idx_blks_hit", INT8));

    static final List<Column> STATIO_SEQUENCES = List.of(
            Column.of("relid", OID), Column.of("schemaname", NAME), Column.of("relname", NAME),
            Column.of("blks_read", INT8), Column.of("blks_hit", INT8));

    static final List<Column> USER_FUNCTIONS = List.of(
            Column.of("funcid", OID), Column.of("schemaname", NAME), Column.of("funcname", NAME),
            Column.of("calls", INT8), Column.of("total_time", FLOAT8), Column.of("self_time", FLOAT8));

    private RelationViews() {
    }

    static List<Object[]> statTables(ViewContext ctx, SchemaFilter filter) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (PgClass c : tables(ctx, filter)) {
            int r = c.oid();
            Long[] idx = indexColumns(ctx, r, f::numscans, f::tuplesFetched);
            rows.add(new Object[] {r, c.nspname(), c.relname(), f.numscans(r), f.tuplesReturned(r),
                    idx[0], idx[1], f.tuplesInserted(r), f.tuplesUpdated(r), f.tuplesDeleted(r),
                    f.tuplesHotUpdated(r), f.liveTuples(r), f.deadTuples(r), f.modSinceAnalyze(r),
                    f.insSinceVacuum(r), f.lastVacuumTime(r), f.lastAutovacuumTime(r), f.lastAnalyzeTime(r),
                    f.lastAutoanalyzeTime(r), f.vacuumCount(r), f.autovacuumCount(r), f.analyzeCount(r),
                    f.autoanalyzeCount(r)});
        }
        return rows;
    }

    static List<Object[]> xactTables(ViewContext ctx, SchemaFilter filter) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (PgClass c : tables(ctx, filter)) {
            int r = c.oid();
            Long[] idx = indexColumns(ctx, r, f::xactNumscans, f::xactTuplesFetched);
            rows.add(new Object[] {r, c.nspname(), c.relname(), f.xactNumscans(r), f.xactTuplesReturned(r),
                    idx[0], idx[1], f.xactTuplesInserted(r), f.xactTuplesUpdated(r),
                    f.xactTuplesDeleted(r), f.xactTuplesHotUpdated(r)});
        }
        return rows;
    }

    /** The rows of the table views: relkind r, t, m, p in the filter's schemas. */
    private static List<PgClass> tables(ViewContext ctx, SchemaFilter filter) {
        List<PgClass> out = new ArrayList<>();
        for (PgClass c : ctx.catalog().relations()) {
            if (TABLE_KINDS.contains(c.relkind()) && filter.test(c.nspname())) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * {@code idx_scan} and {@code idx_tup_fetch} of a table: sums over its indexes (the fetch sum
     * plus the table's own bitmap-heap fetches), both NULL when it has no index.
     */
    private static Long[] indexColumns(ViewContext ctx, int table, IntToLongFunction numscans,
                                       IntToLongFunction tuplesFetched) {
        List<PgClass> indexes = ctx.catalog().indexesOf(table);
        if (indexes.isEmpty()) {
            return new Long[] {null, null};
        }
        long scans = 0;
        long fetched = 0;
        for (PgClass i : indexes) {
            scans += numscans.applyAsLong(i.oid());
            fetched += tuplesFetched.applyAsLong(i.oid());
        }
        return new Long[] {scans, fetched + tuplesFetched.applyAsLong(table)};
    }

    static List<Object[]> statioTables(ViewContext ctx, SchemaFilter filter) {
        StatFunctions f = ctx.functions();
        Catalog cat = ctx.catalog();
        List<Object[]> rows = new ArrayList<>();
        for (PgClass c : cat.relations()) {
            if (!HEAP_KINDS.contains(c.relkind()) || !filter.test(c.nspname())) {
                continue;
            }
            int r = c.oid();
            Long[] idx = indexBlocks(f, cat, r);
            PgClass toast = c.reltoastrelid() == 0 ? null : cat.relation(c.reltoastrelid());
            Long toastRead = null;
            Long toastHit = null;
            Long[] tidx = {null, null};
            if (toast != null) {
                toastRead = f.blocksFetched(toast.oid()) - f.blocksHit(toast.oid());
                toastHit = f.blocksHit(toast.oid());
                tidx = indexBlocks(f, cat, toast.oid());
            }
            rows.add(new Object[] {r, c.nspname(), c.relname(), f.blocksFetched(r) - f.blocksHit(r),
                    f.blocksHit(r), idx[0], idx[1], toastRead, toastHit, tidx[0], tidx[1]});
        }
        return rows;
    }

    /** {read, hit} summed over the table's indexes; both NULL if it has none. */
    private static Long[] indexBlocks(StatFunctions f, Catalog cat, int table) {
        List<PgClass> indexes = cat.indexesOf(table);
        if (indexes.isEmpty()) {
            return new Long[] {null, null};
        }
        long read = 0;
        long hit = 0;
        for (PgClass i : indexes) {
            read += f.blocksFetched(i.oid()) - f.blocksHit(i.oid());
            hit += f.blocksHit(i.oid());
        }
        return new Long[] {read, hit};
    }

    static List<Object[]> statIndexes(ViewContext ctx, SchemaFilter filter) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        forEachIndex(ctx.catalog(), filter, (table, index) -> {
            int i = index.oid();
            rows.add(new Object[] {table.oid(), i, table.nspname(), table.relname(), index.relname(),
                    f.numscans(i), f.tuplesReturned(i), f.tuplesFetched(i)});
        });
        return rows;
    }

    static List<Object[]> statioIndexes(ViewContext ctx, SchemaFilter filter) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        forEachIndex(ctx.catalog(), filter, (table, index) -> {
            int i = index.oid();
            rows.add(new Object[] {table.oid(), i, table.nspname(), table.relname(), index.relname(),
                    f.blocksFetched(i) - f.blocksHit(i), f.blocksHit(i)});
        });
        return rows;
    }

    /** Every index of a table of kind r, t or m whose schema passes the filter. */
    private static void forEachIndex(Catalog cat, SchemaFilter filter,
                                     java.util.function.BiConsumer<PgClass, PgClass> action) {
        for (PgClass index : cat.relations()) {
            if (!index.relkind().isIndex()) {
                continue;
            }
            PgClass table = cat.relation(index.indrelid());
            if (table != null && HEAP_KINDS.contains(table.relkind()) && filter.test(table.nspname())) {
                action.accept(table, index);
            }
        }
    }

    static List<Object[]> statioSequences(ViewContext ctx, SchemaFilter filter) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (PgClass c : ctx.catalog().relations()) {
            if (c.relkind() == RelKind.SEQUENCE && filter.test(c.nspname())) {
                int r = c.oid();
                rows.add(new Object[] {r, c.nspname(), c.relname(), f.blocksFetched(r) - f.blocksHit(r),
                        f.blocksHit(r)});
            }
        }
        return rows;
    }

    /** Functions with a statistics entry (the catalog holds no built-in functions). */
    static List<Object[]> userFunctions(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (PgProc p : ctx.catalog().functions()) {
            Long calls = f.functionCalls(p.oid());
            if (calls != null) {
                rows.add(new Object[] {p.oid(), p.nspname(), p.proname(), calls,
                        f.functionTotalTime(p.oid()), f.functionSelfTime(p.oid())});
            }
        }
        return rows;
    }

    static List<Object[]> xactUserFunctions(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        List<Object[]> rows = new ArrayList<>();
        for (PgProc p : ctx.catalog().functions()) {
            Long calls = f.xactFunctionCalls(p.oid());
            if (calls != null) {
                rows.add(new Object[] {p.oid(), p.nspname(), p.proname(), calls,
                        f.xactFunctionTotalTime(p.oid()), f.xactFunctionSelfTime(p.oid())});
            }
        }
        return rows;
    }
}
