package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;
import static org.pgstat4j.server.scenario.World.value;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.BackendType;
import org.pgstat4j.backend.SessionEndCause;
import org.pgstat4j.backend.StatsSettings;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;

/**
 * Spec §10.3 items 11–14: the per-database counters of {@code pg_stat_database} —
 * transactions, tuple totals, temporary files, deadlocks and PostgreSQL 14's session
 * statistics.
 */
class DatabaseScenarioTest {
    @TempDir
    Path dir;

    private static void baseline(World w) {
        w.remember("db", w.databaseRow());
    }

    private static long delta(World w, String column) {
        Map<String, Object> before = w.recall("db");
        return w.databaseValue(column) - value(before, column);
    }

    @Test
    @DisplayName("§10.3 #11 database counters: each autocommit statement commits once; tup_* include index entries")
    void databaseCounters() {
        spec("xact_commit counts every committed transaction, an autocommit statement being one; the shared row exists")
                .setup(w -> {
                    Table t = w.db().createTable("t", true);
                    try (Session loader = w.db().connect()) {
                        loader.insert(t, 100);
                    }
                    w.settle();
                })
                .session("s1")
                .check("baseline", DatabaseScenarioTest::baseline)
                .step("s1_statements", (s, w) -> {
                    Table t = w.table("t");
                    s.insert(t, 2);                           // commit 1
                    s.indexScan(t.primaryKey(), 10, 10);      // commit 2: 10 index entries, 10 heap fetches
                    s.seqScan(t, 20, 2);                      // commit 3: 20 tuples returned
                    s.bitmapScan(t.primaryKey(), 30, 5);      // commit 4: 5 TIDs, 5 heap fetches on the table
                    s.begin();                                // commit 5: one block
                    s.update(t, 3, true);
                    s.delete(t, 1);
                    s.commit();
                    s.begin();                                // rollback 1
                    s.insert(t, 1);
                    s.rollback();
                })
                .check("s1_is_a_backend", w -> assertThat(w.databaseRow()).containsEntry("numbackends", 1))
                .check("counters", w -> {
                    assertThat(delta(w, "xact_commit")).isEqualTo(5);
                    assertThat(delta(w, "xact_rollback")).isEqualTo(1);
                    assertThat(delta(w, "tup_returned")).isEqualTo(10 + 20 + 5);
                    assertThat(delta(w, "tup_fetched")).isEqualTo(10 + 5);
                    // a plain index scan counts its heap fetches on the index, a bitmap scan on the table
                    assertThat(w.observer().row("pg_stat_user_indexes", "t_pkey")).containsEntry("idx_scan", 2L)
                            .containsEntry("idx_tup_read", 15L).containsEntry("idx_tup_fetch", 10L);
                    assertThat(w.tableRow("t")).containsEntry("idx_scan", 2L).containsEntry("idx_tup_fetch", 15L)
                            .containsEntry("seq_scan", 1L).containsEntry("seq_tup_read", 20L);
                    assertThat(delta(w, "tup_inserted")).isEqualTo(3);
                    assertThat(delta(w, "tup_updated")).isEqualTo(3);
                    assertThat(delta(w, "tup_deleted")).isEqualTo(1);
                    assertThat(w.databaseRow()).containsEntry("numbackends", 0);
                    Map<String, Object> shared = w.observer().query("pg_stat_database").stream()
                            .filter(r -> Integer.valueOf(0).equals(r.get("datid"))).findFirst().orElseThrow();
                    assertThat(shared).containsEntry("datname", null).containsEntry("numbackends", 0);
                })
                .permutation("baseline", "s1_statements", "s1_is_a_backend", "s1_close", "settle", "counters")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #12 temp files: a deleted temporary file counts once with its size, only with track_counts")
    void tempFiles() {
        spec("temp_files and temp_bytes count every temporary file a statement deleted")
                .session("s1")
                .check("baseline", DatabaseScenarioTest::baseline)
                .step("s1_sort_spills", s -> s.tempFile(1_400_000))
                .step("s1_track_counts_off", s -> s.backend().settings().trackCounts(false))
                .check("one_file", w -> {
                    assertThat(delta(w, "temp_files")).isEqualTo(1);
                    assertThat(delta(w, "temp_bytes")).isEqualTo(1_400_000);
                })
                .permutation("baseline", "s1_sort_spills", "s1_track_counts_off", "s1_sort_spills", "s1_close", "settle",
                        "one_file")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #13 deadlock: the victim's database counts one deadlock and the victim's transaction rolls back")
    void deadlock() {
        spec("the session chosen as deadlock victim reports it; its transaction aborts, the other one commits")
                .setup(w -> {
                    try (Session loader = w.db().connect()) {
                        loader.insert(w.db().createTable("t", true), 2);
                    }
                    w.settle();
                })
                .session("s1")
                .session("s2")
                .check("baseline", DatabaseScenarioTest::baseline)
                .step("s1_lock_row1", (s, w) -> s.updateByKey(w.table("t"), 1, true))
                .step("s2_lock_row2", (s, w) -> s.updateByKey(w.table("t"), 2, true))
                .step("s1_wants_row2_and_is_victim", s -> {
                    assertThat(s.deadlock().sqlState()).isEqualTo("40P01");
                    assertThat(s.state()).isEqualTo(Session.TransactionState.FAILED);
                })
                .step("s2_gets_row1", (s, w) -> s.updateByKey(w.table("t"), 1, true))
                .check("counted", w -> {
                    assertThat(delta(w, "deadlocks")).isEqualTo(1);
                    assertThat(delta(w, "xact_rollback")).isEqualTo(1);
                    assertThat(delta(w, "xact_commit")).isEqualTo(1);
                    assertThat(delta(w, "tup_updated")).isEqualTo(3);
                })
                .permutation("baseline", "s1_begin", "s1_lock_row1", "s2_begin", "s2_lock_row2",
                        "s1_wants_row2_and_is_victim", "s2_gets_row1", "s1_rollback", "s2_commit", "s1_close",
                        "s2_close", "settle", "counted")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #14 sessions: count, end causes, session/active/idle-in-transaction time, other process types")
    void sessions() throws Exception {
        try (World w = World.start(dir)) {
            Schema fresh = w.cluster().createDatabase("sessions14");
            ManualClock clock = w.clock();
            var observer = fresh.observer();

            Session normal = fresh.session().clock(clock).connect();
            normal.statement(() -> clock.advanceMillis(200));   // active
            normal.begin();
            clock.advanceMillis(300);                           // idle in transaction
            normal.commit();
            clock.advanceMillis(500);                           // idle
            normal.close();
            observer.awaitQuiescence();
            Map<String, Object> r = observer.row("pg_stat_database", "sessions14");
            assertThat(r).containsEntry("sessions", 1L).containsEntry("sessions_abandoned", 0L)
                    .containsEntry("sessions_fatal", 0L).containsEntry("sessions_killed", 0L)
                    .containsEntry("session_time", 1000.0).containsEntry("active_time", 200.0)
                    .containsEntry("idle_in_transaction_time", 300.0);

            fresh.session().clock(clock).connect().close(SessionEndCause.KILLED);       // pg_terminate_backend
            fresh.session().clock(clock).connect().close(SessionEndCause.CLIENT_EOF);   // no Terminate message
            Session timedOut = fresh.session().clock(clock).connect();   // idle_in_transaction_session_timeout
            timedOut.begin();
            timedOut.close(SessionEndCause.FATAL);
            Session untracked = fresh.session().clock(clock)
                    .settings(new StatsSettings().trackActivities(false)).connect();
            untracked.statement(() -> clock.advanceMillis(200));
            untracked.begin();
            clock.advanceMillis(300);
            untracked.commit();
            untracked.close();
            for (BackendType type : new BackendType[] {BackendType.WAL_SENDER, BackendType.PARALLEL_WORKER,
                    BackendType.AUTOVACUUM_WORKER}) {
                Session other = fresh.session().clock(clock).type(type).connect();
                other.selectOne();
                other.close();
            }
            observer.awaitQuiescence();
            r = observer.row("pg_stat_database", "sessions14");
            assertThat(r).containsEntry("sessions", 5L).containsEntry("sessions_killed", 1L)
                    .containsEntry("sessions_abandoned", 1L).containsEntry("sessions_fatal", 1L)
                    .as("track_activities = off adds no active or idle-in-transaction time")
                    .containsEntry("active_time", 200.0).containsEntry("idle_in_transaction_time", 300.0);
            assertThat((Double) r.get("session_time")).isEqualTo(1000.0 + 500.0);
        }
    }
}
