package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;
import static org.pgstat4j.server.scenario.World.value;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;

/**
 * Spec §10.3 items 1–5: the 500 ms rate limit, snapshot stability inside a transaction, a
 * session's own pending counts, and the arithmetic of committed and aborted changes — all
 * through the real socket, collector and stats files.
 */
class TransactionScenarioTest {
    @TempDir
    Path dir;

    private static long ins(Session s, String view) {
        return value(s.row(view, "t"), "n_tup_ins");
    }

    @Test
    @DisplayName("§10.3 #1 rate limit: a second idle point within 500 ms sends nothing; the next one after it does")
    void rateLimit() {
        spec("a backend reports at most every 500 ms and only at idle points; an idle session sends nothing")
                .setup(w -> w.db().createTable("t"))
                .session("a", (b, w) -> b.clock(w.clock()))
                .step("a_ins", (s, w) -> s.insert(w.table("t"), 1))
                .step("a_ins_again_at_once", (s, w) -> s.insert(w.table("t"), 1))
                .step("a_sees_own_pending_insert", (s, w) -> assertThat(ins(s, "pg_stat_xact_user_tables")).isEqualTo(1))
                .check("b_sees_1", w -> assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(1))
                .check("two_seconds_pass", w -> w.clock().advanceMillis(2000))
                .check("b_sees_2", w -> assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(2))
                .permutation("a_ins", "a_ins_again_at_once", "a_sees_own_pending_insert", "settle", "b_sees_1",
                        "two_seconds_pass", "settle", "b_sees_1", "a_select1", "settle", "b_sees_2")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #2 snapshot stability: inside a transaction every read sees one snapshot until it is cleared")
    void snapshotStability() {
        spec("within a transaction the statistics snapshot is static; clearing it or ending the transaction shows new values")
                .setup(w -> w.db().createTable("t"))
                .session("a")
                .session("b")
                .step("b_read_x", (s, w) -> {
                    w.remember("x", ins(s, "pg_stat_user_tables"));
                    w.remember("ts", s.snapshotTimestamp());
                })
                .step("a_ins", (s, w) -> s.insert(w.table("t"), 1))
                .check("observer_sees_x_plus_1", w -> assertThat(w.tableValue("t", "n_tup_ins"))
                        .isEqualTo((long) w.recall("x") + 1))
                .step("b_still_x", (s, w) -> {
                    assertThat(ins(s, "pg_stat_user_tables")).isEqualTo((long) w.recall("x"));
                    assertThat(s.snapshotTimestamp()).isEqualTo((Instant) w.recall("ts"));
                })
                .step("b_sees_x_plus_1", (s, w) -> {
                    assertThat(ins(s, "pg_stat_user_tables")).isEqualTo((long) w.recall("x") + 1);
                    assertThat(s.snapshotTimestamp()).isAfter((Instant) w.recall("ts"));
                })
                .permutation("b_begin", "b_read_x", "a_ins", "a_close", "settle", "observer_sees_x_plus_1",
                        "b_still_x", "b_clear", "b_sees_x_plus_1", "b_commit", "b_sees_x_plus_1")
                .permutation("b_begin", "b_read_x", "a_ins", "a_close", "settle", "observer_sees_x_plus_1",
                        "b_still_x", "b_commit", "b_sees_x_plus_1")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #3 own pending counts: pg_stat_xact_* shows the session's attempted inserts before any flush")
    void ownPendingCounts() {
        spec("a session sees its own pending counts (open levels and rolled-back savepoints included) in pg_stat_xact_*, "
                + "others see them only after the flush")
                .setup(w -> w.db().createTable("t"))
                .session("s1")
                .step("s1_ins5", (s, w) -> s.insert(w.table("t"), 5))
                .step("s1_sp", s -> s.savepoint("s"))
                .step("s1_ins2", (s, w) -> s.insert(w.table("t"), 2))
                .step("s1_xact_7_stat_0", s -> {
                    assertThat(ins(s, "pg_stat_xact_user_tables")).isEqualTo(7);
                    assertThat(ins(s, "pg_stat_user_tables")).isZero();
                })
                .step("s1_rollback_to_s", s -> s.rollbackTo("s"))
                .check("flushed_counts", w -> {
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_tup_ins")).isEqualTo(7);
                    assertThat(value(r, "n_live_tup")).isEqualTo(5);
                    assertThat(value(r, "n_dead_tup")).isEqualTo(2);
                    assertThat(value(r, "n_mod_since_analyze")).isEqualTo(5);
                    assertThat(value(r, "n_ins_since_vacuum")).isEqualTo(7);
                })
                .permutation("s1_begin", "s1_ins5", "s1_sp", "s1_ins2", "s1_xact_7_stat_0", "s1_rollback_to_s",
                        "s1_xact_7_stat_0", "s1_commit", "s1_close", "settle", "flushed_counts")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #4 updates and deletes: tuple counts, live/dead rows and changes since analyze")
    void updatesAndDeletes() {
        spec("committed inserts, updates and deletes add up to n_live_tup = ins - del and n_dead_tup = upd + del")
                .setup(w -> w.db().createTable("t"))
                .session("s1")
                .step("s1_ins10", (s, w) -> s.insert(w.table("t"), 10))
                .step("s1_upd4_hot", (s, w) -> s.update(w.table("t"), 4, true))
                .step("s1_del3", (s, w) -> s.delete(w.table("t"), 3))
                .check("counts", w -> {
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_tup_ins")).isEqualTo(10);
                    assertThat(value(r, "n_tup_upd")).isEqualTo(4);
                    assertThat(value(r, "n_tup_del")).isEqualTo(3);
                    assertThat(value(r, "n_tup_hot_upd")).isEqualTo(4);
                    assertThat(value(r, "n_live_tup")).isEqualTo(7);
                    assertThat(value(r, "n_dead_tup")).isEqualTo(7);
                    assertThat(value(r, "n_mod_since_analyze")).isEqualTo(17);
                })
                .permutation("s1_ins10", "s1_upd4_hot", "s1_del3", "s1_close", "settle", "counts")
                .permutation("s1_begin", "s1_ins10", "s1_upd4_hot", "s1_del3", "s1_commit", "s1_close", "settle", "counts")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #5 aborted transaction: attempted actions count, written versions are dead, live rows unchanged")
    void abortedTransaction() {
        spec("a rolled-back transaction counts its attempted actions and dead versions, not live rows or changes")
                .setup(w -> {
                    try (Session loader = w.db().connect()) {
                        loader.insert(w.db().createTable("t"), 10);
                    }
                    w.settle();
                })
                .session("s1")
                .check("baseline", w -> {
                    w.remember("row", w.tableRow("t"));
                    w.remember("rollbacks", w.databaseValue("xact_rollback"));
                })
                .step("s1_work", (s, w) -> {
                    Table t = w.table("t");
                    s.insert(t, 5);
                    s.update(t, 2, false);
                    s.delete(t, 1);
                })
                .check("counts", w -> {
                    java.util.Map<String, Object> before = w.recall("row");
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_tup_ins")).isEqualTo(value(before, "n_tup_ins") + 5);
                    assertThat(value(r, "n_tup_upd")).isEqualTo(value(before, "n_tup_upd") + 2);
                    assertThat(value(r, "n_tup_del")).isEqualTo(value(before, "n_tup_del") + 1);
                    assertThat(value(r, "n_live_tup")).isEqualTo(value(before, "n_live_tup"));
                    assertThat(value(r, "n_dead_tup")).isEqualTo(value(before, "n_dead_tup") + 7);
                    assertThat(value(r, "n_mod_since_analyze")).isEqualTo(value(before, "n_mod_since_analyze"));
                    assertThat(w.databaseValue("xact_rollback")).isEqualTo((long) w.recall("rollbacks") + 1);
                })
                .permutation("baseline", "s1_begin", "s1_work", "s1_rollback", "s1_close", "settle", "counts")
                .run(dir);
    }
}
