package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;
import static org.pgstat4j.server.scenario.World.value;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;
import org.pgstat4j.storage.StatsFileFormat;

/**
 * Spec §10.3 items 6, 7 and 16: VACUUM and ANALYZE reports (ANALYZE's correction for the
 * running transaction included) and the purging of statistics of dropped tables, functions
 * and databases.
 */
class MaintenanceScenarioTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("§10.3 #6 VACUUM: live rows kept, dead rows and inserts-since-vacuum zeroed, vacuum_count 1")
    void vacuum() {
        spec("a manual VACUUM reports the live rows it found, no dead rows, and counts itself")
                .setup(w -> w.db().createTable("t"))
                .session("s1")
                .session("s2")
                .step("s1_scenario4", (s, w) -> {
                    Table t = w.table("t");
                    s.insert(t, 10);
                    s.update(t, 4, true);
                    s.delete(t, 3);
                })
                .step("s2_vacuum", (s, w) -> s.vacuum(w.table("t")))
                .check("vacuumed", w -> {
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_live_tup")).isEqualTo(7);
                    assertThat(value(r, "n_dead_tup")).isZero();
                    assertThat(value(r, "n_ins_since_vacuum")).isZero();
                    assertThat(value(r, "vacuum_count")).isEqualTo(1);
                    assertThat(r.get("last_vacuum")).isNotNull();
                    assertThat(value(r, "n_mod_since_analyze")).isEqualTo(17);
                    assertThat(value(r, "autovacuum_count")).isZero();
                    assertThat(r.get("last_autovacuum")).isNull();
                })
                .permutation("s1_scenario4", "s1_close", "settle", "s2_vacuum", "s2_close", "settle", "vacuumed")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #7 ANALYZE inside a transaction: the rows it will report at commit are not counted twice")
    void analyzeInsideATransaction() {
        spec("ANALYZE subtracts its own transaction's changes; a column list keeps n_mod_since_analyze")
                .setup(w -> {
                    try (Session loader = w.db().connect()) {
                        loader.insert(w.db().createTable("t"), 100);
                    }
                    w.settle();
                })
                .session("s1")
                .step("s1_ins50", (s, w) -> s.insert(w.table("t"), 50))
                .step("s1_analyze", (s, w) -> s.analyze(w.table("t")))
                .step("s1_analyze_col", (s, w) -> s.analyze(w.table("t"), "id"))
                .check("after_analyze", w -> {
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_live_tup")).isEqualTo(150);
                    assertThat(value(r, "n_mod_since_analyze")).isEqualTo(50);
                    assertThat(value(r, "analyze_count")).isEqualTo(1);
                    assertThat(r.get("last_analyze")).isNotNull();
                })
                .check("after_column_analyze", w -> {
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_live_tup")).isEqualTo(150);
                    assertThat(value(r, "n_mod_since_analyze")).isEqualTo(50);
                    assertThat(value(r, "analyze_count")).isEqualTo(2);
                })
                .permutation("s1_begin", "s1_ins50", "s1_analyze", "s1_commit", "s1_close", "settle", "after_analyze",
                        "s1_reconnect", "s1_analyze_col", "s1_close", "settle", "after_column_analyze")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #16 purge: VACUUM forgets dropped tables and functions; DROP DATABASE removes its entry and file")
    void purge() {
        spec("statistics of dropped objects stay until VACUUM purges them; a dropped database's entry and file go")
                .setup(w -> {
                    w.db().createTable("t");
                    w.db().createTable("p");
                    w.db().createFunction("f", "plpgsql");
                })
                .session("s1", (b, w) -> b.settings(new org.pgstat4j.backend.StatsSettings()
                        .trackFunctions(org.pgstat4j.backend.TrackFunctions.PL)))
                .session("s2")
                .step("s1_use_p_and_f", (s, w) -> {
                    w.remember("p", w.table("p").oid());
                    w.remember("f", w.function("f").oid());
                    s.seqScan(w.table("p"));
                    s.call(w.function("f"));
                })
                .check("entries_exist", w -> {
                    int p = w.recall("p");
                    int f = w.recall("f");
                    long scans = w.observer().select(fn -> fn.numscans(p));
                    Long calls = w.observer().select(fn -> fn.functionCalls(f));
                    assertThat(scans).isEqualTo(1);
                    assertThat(calls).isEqualTo(1);
                })
                .check("drop_p_and_f", w -> {
                    w.db().dropTable(w.table("p"));
                    w.db().dropFunction(w.function("f"));
                    assertThat(w.observer().row("pg_stat_user_tables", "p")).isNull();
                })
                .step("s2_vacuum_t", (s, w) -> s.vacuum(w.table("t")))
                .check("purged", w -> {
                    int p = w.recall("p");
                    int f = w.recall("f");
                    long scans = w.observer().select(fn -> fn.numscans(p));
                    Long calls = w.observer().select(fn -> fn.functionCalls(f));
                    assertThat(scans).isZero();
                    assertThat(calls).isNull();
                })
                .permutation("s1_use_p_and_f", "s1_close", "settle", "entries_exist", "drop_p_and_f", "settle",
                        "entries_exist", "s2_vacuum_t", "s2_close", "settle", "purged")
                .run(dir.resolve("objects"));

        spec("DROP DATABASE removes the database's statistics and its temporary stats file")
                .setup(w -> {
                    Schema other = w.cluster().createDatabase("doomed");
                    try (Session s = other.connect()) {
                        s.insert(other.createTable("d"), 3);
                    }
                    other.observer().awaitQuiescence();
                    w.remember("doomed", other);
                })
                .session("s1")
                .check("doomed_has_stats", w -> {
                    Schema other = w.recall("doomed");
                    assertThat(w.observer().snapshot().database(other.oid())).isNotNull();
                    assertThat(w.databaseRowOf("doomed")).isNotNull();
                    assertThat(tempFile(w, other)).exists();
                })
                .step("s1_drop_database", (s, w) -> s.dropDatabase(w.recall("doomed")))
                .check("doomed_is_gone", w -> {
                    Schema other = w.recall("doomed");
                    assertThat(w.observer().snapshot().database(other.oid())).isNull();
                    assertThat(w.databaseRowOf("doomed")).isNull();
                    assertThat(Files.exists(tempFile(w, other))).isFalse();
                })
                .permutation("doomed_has_stats", "s1_drop_database", "s1_close", "settle", "doomed_is_gone")
                .run(dir.resolve("database"));
    }

    private static Path tempFile(World w, Schema db) {
        return w.stats().files().tempDir().resolve(StatsFileFormat.dbStatName(db.oid()));
    }
}
