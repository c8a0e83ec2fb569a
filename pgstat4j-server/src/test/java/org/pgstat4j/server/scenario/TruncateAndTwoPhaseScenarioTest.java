package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;
import static org.pgstat4j.server.scenario.World.value;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;

/**
 * Spec §10.3 items 8 and 9: PostgreSQL 14's truncate-flag quirk (pinned: reproduced by
 * default, fixed on request) and two-phase commit, whose counts are applied by whichever
 * session finishes the prepared transaction.
 */
class TruncateAndTwoPhaseScenarioTest {
    @TempDir
    Path dir;

    /** Table t with 10 rows the collector knows. */
    private static void tenRows(World w) {
        try (Session loader = w.db().connect()) {
            loader.insert(w.db().createTable("t"), 10);
        }
        w.settle();
    }

    private static ScenarioSpec truncateThenInsertInOneFlushWindow(String invariant, boolean sticky, long expectedLive) {
        return spec(invariant)
                .setup(TruncateAndTwoPhaseScenarioTest::tenRows)
                .session("s1", (b, w) -> b.clock(w.clock()).stickyTruncateFlag(sticky))
                .step("s1_truncate", (s, w) -> s.truncate(w.table("t")))
                .step("s1_insert1", (s, w) -> s.insert(w.table("t"), 1))
                .check("live", w -> {
                    assertThat(w.tableValue("t", "n_live_tup")).isEqualTo(expectedLive);
                    assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(11);
                })
                // s1_select1 reports (first idle point); the frozen clock keeps the next two
                // statements in one flush window, which the close then sends
                .permutation("s1_select1", "s1_truncate", "s1_insert1", "s1_close", "settle", "live");
    }

    @Test
    @DisplayName("§10.3 #8 TRUNCATE quirk pinned: PostgreSQL 14's overwritten truncate flag gives n_live_tup = 11")
    void truncateQuirkIsReproducedByDefault() {
        truncateThenInsertInOneFlushWindow("a later commit in the same flush window overwrites the truncate flag "
                + "(PostgreSQL 14 wire behaviour, the default)", false, 11).run(dir.resolve("pg14"));
    }

    @Test
    @DisplayName("§10.3 #8 TRUNCATE quirk fixed on request: a sticky truncate flag gives n_live_tup = 1")
    void truncateQuirkFixedWithStickyFlag() {
        truncateThenInsertInOneFlushWindow("with the sticky truncate flag the collector restarts live/dead at the "
                + "truncate", true, 1).run(dir.resolve("sticky"));
    }

    @Test
    @DisplayName("§10.3 #9 two-phase commit: PREPARE counts nothing; COMMIT/ROLLBACK PREPARED in another session applies it")
    void twoPhaseCommit() {
        spec("a prepared transaction's counts are applied once, by the session that finishes it, with commit or abort rules")
                .setup(TruncateAndTwoPhaseScenarioTest::tenRows)
                .session("s1")
                .session("s2")
                .check("baseline", w -> w.remember("row", w.tableRow("t")))
                .step("s1_ins3_prepare", (s, w) -> {
                    s.begin();
                    s.insert(w.table("t"), 3);
                    s.prepare("x");
                })
                .step("s1_trunc_prepare", (s, w) -> {
                    Table t = w.table("t");
                    s.begin();
                    s.insert(t, 2);
                    s.truncate(t);
                    s.insert(t, 3);
                    s.prepare("x");
                })
                .step("s2_commit_prepared", s -> s.commitPrepared("x"))
                .step("s2_rollback_prepared", s -> s.rollbackPrepared("x"))
                .step("s2_gid_is_gone", s -> assertThatThrownBy(() -> s.commitPrepared("x"))
                        .isInstanceOf(SqlStateException.class).hasMessageContaining("does not exist"))
                .check("unchanged", w -> assertThat(w.tableRow("t")).isEqualTo(w.recall("row")))
                .check("committed", w -> assertDelta(w, 3, 3, 0, 3))
                .check("rolled_back", w -> assertDelta(w, 3, 0, 3, 0))
                .check("truncate_committed", w -> {
                    var r = w.tableRow("t");
                    assertThat(value(r, "n_tup_ins")).isEqualTo(10 + 3);
                    assertThat(value(r, "n_live_tup")).isEqualTo(3);
                    assertThat(value(r, "n_dead_tup")).isEqualTo(0);
                })
                .check("truncate_rolled_back", w -> assertDelta(w, 2, 0, 2, 0))
                .permutation("baseline", "s1_ins3_prepare", "s1_close", "settle", "unchanged",
                        "s2_commit_prepared", "s2_gid_is_gone", "s2_close", "settle", "committed")
                .permutation("baseline", "s1_ins3_prepare", "s1_close", "settle", "unchanged",
                        "s2_rollback_prepared", "s2_close", "settle", "rolled_back")
                .permutation("baseline", "s1_trunc_prepare", "s1_close", "settle", "unchanged",
                        "s2_commit_prepared", "s2_close", "settle", "truncate_committed")
                .permutation("baseline", "s1_trunc_prepare", "s1_close", "settle", "unchanged",
                        "s2_rollback_prepared", "s2_close", "settle", "truncate_rolled_back")
                .run(dir);
    }

    private static void assertDelta(World w, long ins, long live, long dead, long mod) {
        Map<String, Object> before = w.recall("row");
        var r = w.tableRow("t");
        assertThat(value(r, "n_tup_ins")).isEqualTo(value(before, "n_tup_ins") + ins);
        assertThat(value(r, "n_live_tup")).isEqualTo(value(before, "n_live_tup") + live);
        assertThat(value(r, "n_dead_tup")).isEqualTo(value(before, "n_dead_tup") + dead);
        assertThat(value(r, "n_mod_since_analyze")).isEqualTo(value(before, "n_mod_since_analyze") + mod);
    }
}
