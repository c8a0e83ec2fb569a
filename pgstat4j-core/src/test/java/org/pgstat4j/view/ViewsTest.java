package org.pgstat4j.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.catalog.PgProc;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.snapshot.Snapshot;

/** The SQL surface's rules (spec §8) over a hand-made store: joins, NULLs, filters, order. */
class ViewsTest {
    private static final int DB = 16384;
    private static final long T0 = PgTimestamps.fromInstant(Instant.parse("2026-11-25T14:00:00Z"));

    private StatsStore store;
    private Catalog catalog;

    @BeforeEach
    void setUp() {
        store = StatsStore.empty(T0);
        catalog = new Catalog();
        catalog.addDatabase(new PgDatabase(1, "template1"));
        catalog.addDatabase(new PgDatabase(DB, "fx"));
        catalog.addDatabase(new PgDatabase(12972, "postgres"));
        catalog.addRelation(new PgClass(100, "public", "t_idx", RelKind.RELATION, 0, 110, false));
        catalog.addRelation(new PgClass(110, "pg_toast", "pg_toast_100", RelKind.TOAST_VALUE, 0, 0, false));
        catalog.addRelation(new PgClass(111, "pg_toast", "pg_toast_100_index", RelKind.INDEX, 110, 0, false));
        catalog.addRelation(PgClass.index(101, "public", "t_idx_pkey", 100));
        catalog.addRelation(PgClass.index(102, "public", "t_idx_b", 100));
        catalog.addRelation(PgClass.table(200, "public", "t_plain"));
        catalog.addRelation(PgClass.table(201, "public", "T_upper"));
        catalog.addRelation(new PgClass(300, "pg_catalog", "pg_database", RelKind.RELATION, 0, 0, true));
        catalog.addRelation(new PgClass(400, "information_schema", "sql_parts", RelKind.RELATION, 0, 0, false));
        catalog.addRelation(new PgClass(500, "pg_toast_temp_1", "pg_toast_9", RelKind.TOAST_VALUE, 0, 0, false));
        catalog.addRelation(new PgClass(600, "public", "seq", RelKind.SEQUENCE, 0, 0, false));
        catalog.addRelation(new PgClass(700, "public", "parted", RelKind.PARTITIONED_TABLE, 0, 0, false));
        catalog.addRelation(new PgClass(701, "public", "parted_idx", RelKind.PARTITIONED_INDEX, 700, 0, false));
        catalog.addRelation(new PgClass(800, "public", "v", RelKind.VIEW, 0, 0, false));
        catalog.addFunction(new PgProc(900, "public", "f_called"));
        catalog.addFunction(new PgProc(901, "public", "f_never"));
    }

    private TabEntry tab(int db, int relid) {
        DbEntry d = store.databaseOrCreate(db, T0);
        TabEntry t = d.tables.get(relid);
        if (t == null) {
            t = new TabEntry(relid);
            d.tables.put(relid, t);
        }
        return t;
    }

    private ViewContext ctx() {
        return ViewContext.of(new Snapshot(store, DB), catalog);
    }

    private static Map<Object, Object[]> byFirstColumn(List<Object[]> rows) {
        Map<Object, Object[]> m = new java.util.HashMap<>();
        rows.forEach(r -> m.put(r[0], r));
        return m;
    }

    private List<Object[]> rows(String view, ViewContext ctx) {
        return Views.byName(view).orElseThrow().rows(ctx);
    }

    private Object value(List<Object[]> rows, Object key, String view, String column) {
        int i = Views.byName(view).orElseThrow().columnIndex(column);
        return byFirstColumn(rows).get(key)[i];
    }

    @Test
    void registryHasEveryCollectorFedViewOnceWithSpecColumns() {
        assertThat(Views.names()).hasSize(27).doesNotHaveDuplicates()
                .contains("pg_stat_all_tables", "pg_stat_sys_tables", "pg_stat_xact_user_tables",
                        "pg_statio_sys_sequences", "pg_stat_xact_user_functions", "pg_stat_replication_slots");
        assertThat(Views.byName("pg_stat_nothing")).isEmpty();
        assertThat(Views.byName("pg_stat_database").orElseThrow().columnNames()).containsExactly("datid", "datname",
                "numbackends", "xact_commit", "xact_rollback", "blks_read", "blks_hit", "tup_returned",
                "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "conflicts", "temp_files",
                "temp_bytes", "deadlocks", "checksum_failures", "checksum_last_failure", "blk_read_time",
                "blk_write_time", "session_time", "active_time", "idle_in_transaction_time", "sessions",
                "sessions_abandoned", "sessions_fatal", "sessions_killed", "stats_reset");
        assertThat(Views.byName("pg_stat_xact_all_tables").orElseThrow().columnNames()).containsExactly("relid",
                "schemaname", "relname", "seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch", "n_tup_ins",
                "n_tup_upd", "n_tup_del", "n_tup_hot_upd");
        ViewDefinition wal = Views.byName("pg_stat_wal").orElseThrow();
        assertThat(wal.columns().get(2)).isEqualTo(Column.of("wal_bytes", PgType.NUMERIC));
        assertThat(PgType.NUMERIC.oid()).isEqualTo(1700);
        assertThat(PgType.TIMESTAMPTZ.oid()).isEqualTo(1184);
        assertThat(PgType.NAME.oid()).isEqualTo(19);
    }

    @Test
    void everyValueOfEveryViewFitsItsColumnType() {
        tab(DB, 100).numScans = 3;
        store.databaseOrCreate(DB, T0).functions.put(900, new FuncEntry(900));
        store.replSlots().put("rs", new ReplSlotEntry("rs"));
        ViewContext ctx = ctx().withDataChecksums(true).withPending(new PendingCounts() {
            public boolean hasFunction(int funcid) {
                return true;
            }
        });
        for (ViewDefinition v : Views.all()) {
            for (Object[] r : v.rows(ctx)) {
                for (int i = 0; i < r.length; i++) {
                    Column c = v.columns().get(i);
                    assertThat(c.type().accepts(r[i])).as(v.name() + "." + c.name() + " = " + r[i]).isTrue();
                }
            }
        }
    }

    @Test
    void tableRowsHaveIndexAggregatesOnlyWhenTheTableHasIndexes() {
        TabEntry t = tab(DB, 100);
        t.numScans = 2;
        t.tuplesFetched = 7;
        tab(DB, 101).numScans = 5;
        tab(DB, 101).tuplesFetched = 11;
        tab(DB, 102).numScans = 1;
        tab(DB, 200).tuplesFetched = 99;
        String v = "pg_stat_all_tables";
        List<Object[]> rows = rows(v, ctx());
        assertThat(value(rows, 100, v, "seq_scan")).isEqualTo(2L);
        assertThat(value(rows, 100, v, "idx_scan")).isEqualTo(6L);
        assertThat(value(rows, 100, v, "idx_tup_fetch")).isEqualTo(18L);
        assertThat(value(rows, 200, v, "idx_scan")).isNull();
        assertThat(value(rows, 200, v, "idx_tup_fetch")).isNull();
        assertThat(value(rows, 700, v, "idx_scan")).as("partitioned index counts").isEqualTo(0L);
        assertThat(byFirstColumn(rows)).as("kinds r t m p only").containsKeys(100, 110, 200, 700)
                .doesNotContainKeys(101, 600, 800);
    }

    @Test
    void sharedCatalogsAreFoundInDatabaseZeroAndOtherDatabasesAreInvisible() {
        tab(0, 300).numScans = 4;
        tab(12972, 200).numScans = 9;
        String v = "pg_stat_sys_tables";
        assertThat(value(rows(v, ctx()), 300, v, "seq_scan")).isEqualTo(4L);
        assertThat(value(rows("pg_stat_user_tables", ctx()), 200, "pg_stat_user_tables", "seq_scan")).isEqualTo(0L);
    }

    @Test
    void sysAndUserSplitBySchema() {
        assertThat(byFirstColumn(rows("pg_stat_sys_tables", ctx()))).containsOnlyKeys(110, 300, 400, 500);
        assertThat(byFirstColumn(rows("pg_stat_user_tables", ctx()))).containsOnlyKeys(100, 200, 201, 700);
        assertThat(rows("pg_stat_all_tables", ctx())).hasSize(8);
        assertThat(byFirstColumn(rows("pg_statio_user_sequences", ctx()))).containsOnlyKeys(600);
        assertThat(rows("pg_statio_sys_sequences", ctx())).isEmpty();
    }

    @Test
    void statioJoinsToastAndItsIndexAndIsNullWithoutThem() {
        TabEntry t = tab(DB, 100);
        t.blocksFetched = 10;
        t.blocksHit = 4;
        tab(DB, 101).blocksFetched = 3;
        tab(DB, 102).blocksHit = 2;
        tab(DB, 102).blocksFetched = 2;
        tab(DB, 110).blocksFetched = 5;
        tab(DB, 111).blocksHit = 1;
        tab(DB, 111).blocksFetched = 1;
        List<Object[]> rows = rows("pg_statio_all_tables", ctx());
        assertThat(byFirstColumn(rows).get(100)).containsExactly(100, "public", "t_idx", 6L, 4L, 3L, 2L, 5L, 0L, 0L, 1L);
        assertThat(byFirstColumn(rows).get(200)).containsExactly(200, "public", "t_plain", 0L, 0L, null, null,
                null, null, null, null);
        assertThat(byFirstColumn(rows).get(110)).as("toast table: its index, no toast")
                .containsExactly(110, "pg_toast", "pg_toast_100", 5L, 0L, 0L, 1L, null, null, null, null);
        assertThat(byFirstColumn(rows)).as("no partitioned tables in statio").doesNotContainKey(700);
    }

    @Test
    void indexViewsListIndexesOfHeapsWithTheTablesSchema() {
        tab(DB, 101).numScans = 5;
        tab(DB, 101).tuplesReturned = 6;
        tab(DB, 101).tuplesFetched = 4;
        List<Object[]> rows = rows("pg_stat_user_indexes", ctx());
        assertThat(rows).extracting(r -> r[1]).containsExactlyInAnyOrder(101, 102);
        Object[] pkey = rows.stream().filter(r -> r[1].equals(101)).findFirst().orElseThrow();
        assertThat(pkey).containsExactly(100, 101, "public", "t_idx", "t_idx_pkey", 5L, 6L, 4L);
        assertThat(rows("pg_statio_sys_indexes", ctx())).extracting(r -> r[1]).containsExactly(111);
    }

    @Test
    void databaseViewHasTheSharedRowBackendsAndChecksumRules() {
        DbEntry fx = store.databaseOrCreate(DB, T0);
        fx.blocksFetched = 10;
        fx.blocksHit = 7;
        fx.conflictLock = 1;
        fx.conflictSnapshot = 2;
        fx.checksumFailures = 2;
        fx.lastChecksumFailure = T0 + 5;
        fx.totalSessionTime = 5_941_692;
        store.databaseOrCreate(0, T0);
        String v = "pg_stat_database";
        ViewContext off = ctx().withNumBackends(db -> db == DB ? 3 : 1);
        List<Object[]> rows = rows(v, off);
        assertThat(rows).extracting(r -> r[0]).containsExactly(0, 1, 12972, DB);
        assertThat(byFirstColumn(rows).get(0)[1]).isNull();
        assertThat(value(rows, 0, v, "numbackends")).isEqualTo(0);
        assertThat(value(rows, DB, v, "numbackends")).isEqualTo(3);
        assertThat(value(rows, DB, v, "blks_read")).isEqualTo(3L);
        assertThat(value(rows, DB, v, "conflicts")).isEqualTo(3L);
        assertThat(value(rows, DB, v, "session_time")).isEqualTo(5941.692);
        assertThat(value(rows, DB, v, "checksum_failures")).isNull();
        assertThat(value(rows, DB, v, "checksum_last_failure")).isNull();
        assertThat(value(rows, DB, v, "stats_reset")).isEqualTo(PgTimestamps.toInstant(T0));
        assertThat(value(rows, 1, v, "stats_reset")).as("no entry").isNull();
        assertThat(value(rows, 1, v, "xact_commit")).isEqualTo(0L);

        List<Object[]> on = rows(v, ctx().withDataChecksums(true));
        assertThat(value(on, DB, v, "checksum_failures")).isEqualTo(2L);
        assertThat(value(on, DB, v, "checksum_last_failure")).isEqualTo(PgTimestamps.toInstant(T0 + 5));
        assertThat(value(on, 1, v, "checksum_failures")).isEqualTo(0L);
        assertThat(value(on, 1, v, "checksum_last_failure")).isNull();

        List<Object[]> conflicts = rows("pg_stat_database_conflicts", ctx());
        assertThat(conflicts).extracting(r -> r[0]).containsExactly(1, 12972, DB);
        assertThat(byFirstColumn(conflicts).get(DB)).containsExactly(DB, "fx", 0L, 1L, 2L, 0L, 0L);
    }

    @Test
    void functionViewsShowOnlyFunctionsWithEntries() {
        FuncEntry f = new FuncEntry(900);
        f.numCalls = 2000;
        f.totalTime = 6229;
        f.selfTime = 1578;
        store.databaseOrCreate(DB, T0).functions.put(900, f);
        assertThat(rows("pg_stat_user_functions", ctx())).singleElement().satisfies(r ->
                assertThat(r).containsExactly(900, "public", "f_called", 2000L, 6.229, 1.578));
        assertThat(rows("pg_stat_xact_user_functions", ctx())).isEmpty();

        PendingCounts pending = new PendingCounts() {
            public boolean hasFunction(int funcid) {
                return funcid == 901;
            }

            public long xactFunctionCalls(int funcid) {
                return 3;
            }

            public long xactFunctionTotalTimeNanos(int funcid) {
                return 2_500_000_000L;
            }

            public long xactFunctionSelfTimeNanos(int funcid) {
                return 1_500;
            }

            public long xactNumscans(int relid) {
                return relid == 101 ? 4 : 1;
            }
        };
        assertThat(rows("pg_stat_xact_user_functions", ctx().withPending(pending))).singleElement().satisfies(r ->
                assertThat(r).containsExactly(901, "public", "f_never", 3L, 2500.0, 0.0015));
        String v = "pg_stat_xact_user_tables";
        List<Object[]> xact = rows(v, ctx().withPending(pending));
        assertThat(value(xact, 100, v, "seq_scan")).isEqualTo(1L);
        assertThat(value(xact, 100, v, "idx_scan")).isEqualTo(5L);
        assertThat(value(xact, 200, v, "idx_scan")).isNull();
        assertThat(value(rows(v, ctx()), 100, v, "n_tup_ins")).isEqualTo(0L);
    }

    @Test
    void clusterViewsApplyTheirOwnNullRules() {
        store.global().statResetTimestamp = 0;
        store.global().checkpointWriteTime = 5;
        store.wal().walBytes = -1;
        store.wal().walWriteTime = 1500;
        store.archiver().statResetTimestamp = 0;
        store.archiver().failedCount = 3;
        store.archiver().lastFailedWal = "000000010000000000000001";
        store.archiver().lastFailedTimestamp = T0;
        Object[] bg = rows("pg_stat_bgwriter", ctx()).getFirst();
        assertThat(bg[2]).isEqualTo(5.0);
        assertThat(bg[10]).as("0 is not NULL here").isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        Object[] wal = rows("pg_stat_wal", ctx()).getFirst();
        assertThat(wal[2]).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(wal[6]).isEqualTo(1.5);
        assertThat(rows("pg_stat_archiver", ctx()).getFirst()).containsExactly(0L, null, null, 3L,
                "000000010000000000000001", PgTimestamps.toInstant(T0), null);
        assertThat(rows("pg_stat_slru", ctx())).extracting(r -> r[0]).containsExactly("CommitTs",
                "MultiXactMember", "MultiXactOffset", "Notify", "Serial", "Subtrans", "Xact", "other");
    }

    @Test
    void replicationSlotsAreTheExistingSlotsWithZerosForAMissingEntry() {
        ReplSlotEntry rs1 = new ReplSlotEntry("rs1");
        rs1.spillTxns = 2;
        rs1.statResetTimestamp = T0;
        store.replSlots().put("rs1", rs1);
        store.replSlots().put("dropped", new ReplSlotEntry("dropped"));
        ViewContext ctx = ctx().withLogicalSlots(() -> List.of("rs1", "lost"));
        List<Object[]> rows = rows("pg_stat_replication_slots", ctx);
        assertThat(rows.get(0)).containsExactly("rs1", 2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, PgTimestamps.toInstant(T0));
        assertThat(rows.get(1)).containsExactly("lost", 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, null);
        assertThat(rows).hasSize(2);
        assertThat(rows("pg_stat_replication_slots", ctx())).as("default: the collector's slots")
                .extracting(r -> r[0]).containsExactly("rs1", "dropped");
    }

    @Test
    void exportOrderIsByNameInCCollationWithNullsFirstForDatname() {
        List<Object[]> tables = Views.byName("pg_stat_user_tables").orElseThrow().orderedRows(ctx());
        assertThat(tables).extracting(r -> r[2]).containsExactly("T_upper", "parted", "t_idx", "t_plain");
        List<Object[]> dbs = Views.byName("pg_stat_database").orElseThrow().orderedRows(ctx());
        assertThat(dbs).extracting(r -> r[1]).containsExactly(null, "fx", "postgres", "template1");
        ViewDefinition idx = Views.byName("pg_stat_all_indexes").orElseThrow();
        assertThat(idx.orderedRows(ctx())).extracting(r -> r[4])
                .containsExactly("pg_toast_100_index", "t_idx_b", "t_idx_pkey");
        assertThat(new HashSet<>(Arrays.asList(idx.exportOrder().toArray())))
                .containsExactlyInAnyOrder(SortKey.asc("relname"), SortKey.asc("indexrelname"));
    }

    @Test
    void accessorFunctionsReturnZeroOrNullWithoutAnEntry() {
        StatFunctions f = ctx().functions();
        assertThat(f.numscans(12345)).isZero();
        assertThat(f.lastVacuumTime(12345)).isNull();
        assertThat(f.functionCalls(900)).isNull();
        assertThat(f.dbXactCommit(42)).isZero();
        assertThat(f.dbStatResetTime(42)).isNull();
        TabEntry t = tab(DB, 100);
        t.vacuumTimestamp = T0;
        assertThat(f.lastVacuumTime(100)).isEqualTo(PgTimestamps.toInstant(T0));
        assertThat(f.lastAnalyzeTime(100)).as("stored 0 is NULL").isNull();
    }
}
