package org.pgstat4j.view;

import static org.pgstat4j.view.PgType.FLOAT8;
import static org.pgstat4j.view.PgType.INT8;
import static org.pgstat4j.view.PgType.NAME;
import static org.pgstat4j.view.PgType.OID;
import static org.pgstat4j.view.PgType.TIMESTAMPTZ;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.Set;
import java.util.function.Predicate;
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

    /** {@code pg_stat_*_tables}: tables, TOAST tables, materialized views and partitioned tables. */
    static RelationRows statTables(SchemaFilter filter) {
        return new RelationRows(RelationRows.Keys.RELATIONS, tableRows(TABLE_KINDS, filter), STAT_TABLES,
                RelationViews::statTableValue);
    }

    private static Object statTableValue(StatFunctions f, Catalog cat, PgClass c, int column) {
        int r = c.oid();
        return switch (column) {
            case 3 -> f.numscans(r);
            case 4 -> f.tuplesReturned(r);
            case 5 -> indexSum(cat, r, f::numscans);
            case 6 -> indexFetches(cat, r, f::tuplesFetched);
            case 7 -> f.tuplesInserted(r);
            case 8 -> f.tuplesUpdated(r);
            case 9 -> f.tuplesDeleted(r);
            case 10 -> f.tuplesHotUpdated(r);
            case 11 -> f.liveTuples(r);
            case 12 -> f.deadTuples(r);
            case 13 -> f.modSinceAnalyze(r);
            case 14 -> f.insSinceVacuum(r);
            case 15 -> f.lastVacuumTime(r);
            case 16 -> f.lastAutovacuumTime(r);
            case 17 -> f.lastAnalyzeTime(r);
            case 18 -> f.lastAutoanalyzeTime(r);
            case 19 -> f.vacuumCount(r);
            case 20 -> f.autovacuumCount(r);
            case 21 -> f.analyzeCount(r);
            case 22 -> f.autoanalyzeCount(r);
            default -> relationNames(c, column);
        };
    }

    /** {@code pg_stat_xact_*_tables}: the session's own counts, not yet sent. */
    static RelationRows xactTables(SchemaFilter filter) {
        return new RelationRows(RelationRows.Keys.RELATIONS, tableRows(TABLE_KINDS, filter), XACT_TABLES,
                RelationViews::xactTableValue);
    }

    private static Object xactTableValue(StatFunctions f, Catalog cat, PgClass c, int column) {
        int r = c.oid();
        return switch (column) {
            case 3 -> f.xactNumscans(r);
            case 4 -> f.xactTuplesReturned(r);
            case 5 -> indexSum(cat, r, f::xactNumscans);
            case 6 -> indexFetches(cat, r, f::xactTuplesFetched);
            case 7 -> f.xactTuplesInserted(r);
            case 8 -> f.xactTuplesUpdated(r);
            case 9 -> f.xactTuplesDeleted(r);
            case 10 -> f.xactTuplesHotUpdated(r);
            default -> relationNames(c, column);
        };
    }

    /** The first three columns of the relation views: relid, schemaname, relname. */
    private static Object relationNames(PgClass c, int column) {
        return switch (column) {
            case 0 -> c.oid();
            case 1 -> c.nspname();
            case 2 -> c.relname();
            default -> throw new IndexOutOfBoundsException(column);
        };
    }

    /** Relations of one of {@code kinds} whose schema passes the filter. */
    private static Predicate<PgClass> tableRows(Set<RelKind> kinds, SchemaFilter filter) {
        return c -> kinds.contains(c.relkind()) && filter.test(c.nspname());
    }

    /** {@code idx_scan}-like column of a table: the sum over its indexes, NULL when it has none. */
    private static Long indexSum(Catalog cat, int table, IntToLongFunction counter) {
        List<PgClass> indexes = cat.indexesOf(table);
        if (indexes.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (PgClass i : indexes) {
            sum += counter.applyAsLong(i.oid());
        }
        return sum;
    }

    /**
     * {@code idx_tup_fetch} of a table: the fetch sum over its indexes plus the table's own
     * bitmap-heap fetches; NULL when it has no index.
     */
    private static Long indexFetches(Catalog cat, int table, IntToLongFunction tuplesFetched) {
        Long sum = indexSum(cat, table, tuplesFetched);
        return sum == null ? null : sum + tuplesFetched.applyAsLong(table);
    }

    /** {@code pg_statio_*_tables}: tables, TOAST tables and materialized views. */
    static RelationRows statioTables(SchemaFilter filter) {
        return new RelationRows(RelationRows.Keys.RELATIONS, tableRows(HEAP_KINDS, filter), STATIO_TABLES,
                RelationViews::statioTableValue);
    }

    private static Object statioTableValue(StatFunctions f, Catalog cat, PgClass c, int column) {
        int r = c.oid();
        return switch (column) {
            case 3 -> f.blocksFetched(r) - f.blocksHit(r);
            case 4 -> f.blocksHit(r);
            case 5 -> indexSum(cat, r, i -> f.blocksFetched(i) - f.blocksHit(i));
            case 6 -> indexSum(cat, r, f::blocksHit);
            case 7, 8, 9, 10 -> {
                // TOAST columns: NULL when the table has no TOAST table in the catalog
                PgClass toast = c.reltoastrelid() == 0 ? null : cat.relation(c.reltoastrelid());
                if (toast == null) {
                    yield null;
                }
                int t = toast.oid();
                yield switch (column) {
                    case 7 -> f.blocksFetched(t) - f.blocksHit(t);
                    case 8 -> f.blocksHit(t);
                    case 9 -> indexSum(cat, t, i -> f.blocksFetched(i) - f.blocksHit(i));
                    default -> indexSum(cat, t, f::blocksHit);
                };
            }
            default -> relationNames(c, column);
        };
    }

    /** {@code pg_stat_*_indexes}: every index of a table of kind r, t or m. */
    static RelationRows statIndexes(SchemaFilter filter) {
        return new RelationRows(RelationRows.Keys.INDEXES, tableRows(HEAP_KINDS, filter), STAT_INDEXES,
                (f, cat, index, column) -> {
                    int i = index.oid();
                    return switch (column) {
                        case 5 -> f.numscans(i);
                        case 6 -> f.tuplesReturned(i);
                        case 7 -> f.tuplesFetched(i);
                        default -> indexNames(cat, index, column);
                    };
                });
    }

    /** {@code pg_statio_*_indexes}. */
    static RelationRows statioIndexes(SchemaFilter filter) {
        return new RelationRows(RelationRows.Keys.INDEXES, tableRows(HEAP_KINDS, filter), STATIO_INDEXES,
                (f, cat, index, column) -> {
                    int i = index.oid();
                    return switch (column) {
                        case 5 -> f.blocksFetched(i) - f.blocksHit(i);
                        case 6 -> f.blocksHit(i);
                        default -> indexNames(cat, index, column);
                    };
                });
    }

    /** The first five columns of the index views: relid, indexrelid, schemaname, relname, indexrelname. */
    private static Object indexNames(Catalog cat, PgClass index, int column) {
        return switch (column) {
            case 0 -> index.indrelid();
            case 1 -> index.oid();
            case 2, 3 -> {
                PgClass table = cat.relation(index.indrelid());
                yield table == null ? null : column == 2 ? table.nspname() : table.relname();
            }
            case 4 -> index.relname();
            default -> throw new IndexOutOfBoundsException(column);
        };
    }

    /** {@code pg_statio_*_sequences}. */
    static RelationRows statioSequences(SchemaFilter filter) {
        return new RelationRows(RelationRows.Keys.RELATIONS, tableRows(EnumSet.of(RelKind.SEQUENCE), filter),
                STATIO_SEQUENCES, (f, cat, c, column) -> {
                    int r = c.oid();
                    return switch (column) {
                        case 3 -> f.blocksFetched(r) - f.blocksHit(r);
                        case 4 -> f.blocksHit(r);
                        default -> relationNames(c, column);
                    };
                });
    }

    /** Functions with a statistics entry (the catalog holds no built-in functions). */
    static List<Object[]> userFunctions(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        return functionRows(ctx.catalog(), f::functionCalls, f::functionTotalTime, f::functionSelfTime);
    }

    /** Functions with counts pending in this session. */
    static List<Object[]> xactUserFunctions(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        return functionRows(ctx.catalog(), f::xactFunctionCalls, f::xactFunctionTotalTime,
                f::xactFunctionSelfTime);
    }

    /** One row per function whose {@code calls} is not NULL: funcid, schemaname, funcname and the counts. */
    private static List<Object[]> functionRows(Catalog cat, IntFunction<Long> calls, IntFunction<Double> totalTime,
                                               IntFunction<Double> selfTime) {
        List<Object[]> rows = new ArrayList<>();
        for (PgProc p : cat.functions()) {
            Long n = calls.apply(p.oid());
            if (n != null) {
                rows.add(new Object[] {p.oid(), p.nspname(), p.proname(), n,
                        totalTime.apply(p.oid()), selfTime.apply(p.oid())});
            }
        }
        return rows;
    }
}
