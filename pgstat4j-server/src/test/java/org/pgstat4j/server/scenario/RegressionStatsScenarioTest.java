package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;
import static org.pgstat4j.server.scenario.World.value;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.workload.Index;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;
import org.pgstat4j.view.Column;
import org.pgstat4j.view.PgType;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.StatFunctions;

/**
 * Spec §10.1: PostgreSQL 14's {@code stats} regression test ({@code src/test/regress/sql/stats.sql})
 * replayed through the real socket, collector and stats files, with its own waiting
 * technique: save a baseline, act, reconnect so that the old session flushes at exit, then
 * poll with {@code pg_stat_clear_snapshot()} (300 × 100 ms) until the counts and a newer
 * snapshot timestamp are visible.
 */
class RegressionStatsScenarioTest {
    @TempDir
    Path dir;

    /** stats.out: the five trunc_stats_test tables as psql prints them. */
    private static final String EXPECTED_TRUNC_STATS = """
                  relname      | n_tup_ins | n_tup_upd | n_tup_del | n_live_tup | n_dead_tup\s
            -------------------+-----------+-----------+-----------+------------+------------
             trunc_stats_test  |         3 |         0 |         0 |          0 |          0
             trunc_stats_test1 |         4 |         2 |         1 |          1 |          0
             trunc_stats_test2 |         1 |         0 |         0 |          1 |          0
             trunc_stats_test3 |         4 |         0 |         0 |          2 |          2
             trunc_stats_test4 |         2 |         0 |         0 |          0 |          2
            (5 rows)

            """;

    private static void setup(World w) {
        Schema db = w.db();
        Table tenk2 = db.createTable("tenk2", false, 29);
        db.createIndex(tenk2, "tenk2_unique1");
        for (String suffix : List.of("", "1", "2", "3", "4")) {
            db.createTable("trunc_stats_test" + suffix);
        }
        // tenk2 as earlier regression tests leave it: 10 000 rows, vacuumed and analyzed
        try (Session loader = db.connect()) {
            loader.insert(tenk2, 10_000);
            loader.vacuum(tenk2);
            loader.analyze(tenk2);
        }
        w.settle();
    }

    @Test
    @DisplayName("§10.1 stats.sql: truncate arithmetic of trunc_stats_test..4, tenk2 scans and I/O, snapshot timestamp")
    void statsRegressionTest() {
        spec("the counts of stats.sql reach the collector after a reconnect and match its expected output")
                .setup(RegressionStatsScenarioTest::setup)
                .session("s1")
                .step("s1_baseline", (s, w) -> {
                    assertThat(s.backend().settings().trackCounts()).as("SHOW track_counts").isTrue();
                    Map<String, Object> t = s.row("pg_stat_user_tables", "tenk2");
                    Map<String, Object> b = s.row("pg_statio_user_tables", "tenk2");
                    w.remember("seq_scan", value(t, "seq_scan"));
                    w.remember("seq_tup_read", value(t, "seq_tup_read"));
                    w.remember("idx_scan", value(t, "idx_scan"));
                    w.remember("idx_tup_fetch", value(t, "idx_tup_fetch"));
                    w.remember("heap_blks", value(b, "heap_blks_read") + value(b, "heap_blks_hit"));
                    w.remember("idx_blks", value(b, "idx_blks_read") + value(b, "idx_blks_hit"));
                    w.remember("snap_ts", s.snapshotTimestamp());
                })
                .step("s1_trunc", (s, w) -> {
                    Table t = w.table("trunc_stats_test");
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.truncate(t);
                })
                .step("s1_trunc1", (s, w) -> {
                    Table t = w.table("trunc_stats_test1");
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.update(t, 2, true);
                    s.delete(t, 1);
                    s.begin();
                    s.update(t, 2, true);
                    s.truncate(t);
                    s.insert(t, 1);
                    s.commit();
                })
                .step("s1_trunc2", (s, w) -> {
                    Table t = w.table("trunc_stats_test2");
                    s.begin();
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.savepoint("p1");
                    s.insert(t, 1);
                    s.truncate(t);
                    s.insert(t, 1);
                    s.release("p1");
                    s.commit();
                })
                .step("s1_trunc3", (s, w) -> {
                    Table t = w.table("trunc_stats_test3");
                    s.begin();
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.savepoint("p1");
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.truncate(t);
                    s.insert(t, 1);
                    s.rollbackTo("p1");
                    s.commit();
                })
                .step("s1_trunc4", (s, w) -> {
                    Table t = w.table("trunc_stats_test4");
                    s.begin();
                    s.insert(t, 1);
                    s.insert(t, 1);
                    s.truncate(t);
                    s.insert(t, 1);
                    s.rollback();
                })
                .step("s1_seqscan", (s, w) -> s.seqScan(w.table("tenk2")))
                .step("s1_idxscan", (s, w) -> s.indexScan(w.index("tenk2_unique1"), 1))
                .step("s1_wait_for_stats", RegressionStatsScenarioTest::waitForStats)
                .step("s1_check_trunc", (s, w) -> assertThat(truncStats(s)).isEqualTo(EXPECTED_TRUNC_STATS))
                .step("s1_check_tenk2", (s, w) -> {
                    Table tenk2 = w.table("tenk2");
                    Map<String, Object> t = s.row("pg_stat_user_tables", "tenk2");
                    Map<String, Object> b = s.row("pg_statio_user_tables", "tenk2");
                    long seqScan = w.recall("seq_scan");
                    long seqTupRead = w.recall("seq_tup_read");
                    long idxScan = w.recall("idx_scan");
                    long idxTupFetch = w.recall("idx_tup_fetch");
                    long heapBlks = w.recall("heap_blks");
                    long idxBlks = w.recall("idx_blks");
                    // stats.sql compares with >= because parallel workers may add counts; here
                    // nothing else runs, so the exact values hold as well
                    assertThat(value(t, "seq_scan")).isEqualTo(seqScan + 1);
                    assertThat(value(t, "seq_tup_read")).isEqualTo(seqTupRead + (long) tenk2.reltuples());
                    assertThat(value(t, "idx_scan")).isEqualTo(idxScan + 1);
                    assertThat(value(t, "idx_tup_fetch")).isEqualTo(idxTupFetch + 1);
                    assertThat(value(b, "heap_blks_read") + value(b, "heap_blks_hit"))
                            .isGreaterThanOrEqualTo(heapBlks + tenk2.relpages());
                    assertThat(value(b, "idx_blks_read") + value(b, "idx_blks_hit")).isGreaterThanOrEqualTo(idxBlks + 1);
                    assertThat(tenk2.relpages()).as("relpages").isEqualTo(345);
                })
                .step("s1_check_snapshot_ts", (s, w) -> {
                    Instant before = w.recall("snap_ts");
                    assertThat(s.snapshotTimestamp()).as("snapshot_newer").isAfter(before);
                })
                .permutation("s1_baseline", "s1_trunc", "s1_trunc1", "s1_trunc2", "s1_trunc3", "s1_trunc4",
                        "s1_seqscan", "s1_idxscan", "s1_reconnect", "s1_wait_for_stats", "s1_check_trunc",
                        "s1_check_tenk2", "s1_check_snapshot_ts")
                .run(dir);
    }

    /**
     * stats.sql's {@code wait_for_stats()}: in one transaction, up to 300 times: clear the
     * snapshot, stop when tenk2's scans, trunc_stats_test4's insert and a newer snapshot are
     * all visible, else sleep 100 ms.
     */
    private static void waitForStats(Session s, World w) throws InterruptedException {
        long seqScan = w.recall("seq_scan");
        long idxScan = w.recall("idx_scan");
        Instant snapTs = w.recall("snap_ts");
        s.begin();
        try {
            for (int i = 0; i < 300; i++) {
                s.pgStatClearSnapshot();
                Map<String, Object> t = s.row("pg_stat_user_tables", "tenk2");
                Map<String, Object> t4 = s.row("pg_stat_user_tables", "trunc_stats_test4");
                Instant ts = s.snapshotTimestamp();
                if (value(t, "seq_scan") >= seqScan + 1 && value(t, "idx_scan") >= idxScan + 1
                        && value(t4, "n_tup_ins") > 0 && ts != null && ts.isAfter(snapTs)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("statistics did not arrive within 30 s");
        } finally {
            s.commit();
        }
    }

    private static String truncStats(Session s) throws java.io.IOException {
        List<Column> cols = List.of(Column.of("relname", PgType.NAME), Column.of("n_tup_ins", PgType.INT8),
                Column.of("n_tup_upd", PgType.INT8), Column.of("n_tup_del", PgType.INT8),
                Column.of("n_live_tup", PgType.INT8), Column.of("n_dead_tup", PgType.INT8));
        List<Object[]> rows = new ArrayList<>();
        for (Map<String, Object> r : s.query("pg_stat_user_tables")) {
            if (((String) r.get("relname")).startsWith("trunc_stats_test")) {
                rows.add(cols.stream().map(c -> r.get(c.name())).toArray());
            }
        }
        StringWriter out = new StringWriter();
        PsqlOutput.writeAligned(cols, rows, out);
        return out.toString();
    }

    @Test
    @DisplayName("§10.1 stats.sql: pg_stat_get_replication_slot(NULL) returns a single NULL")
    void replicationSlotOfNullIsNull() {
        spec("the replication-slot accessor answers NULL for a NULL name")
                .session("s1")
                .step("s1_slot_null", (s, w) -> {
                    Object[] row = s.select(f -> f.replicationSlot(null));
                    assertThat(row).as("pg_stat_get_replication_slot(NULL)").isNull();
                })
                .permutation("s1_slot_null")
                .run(dir);
    }
}
