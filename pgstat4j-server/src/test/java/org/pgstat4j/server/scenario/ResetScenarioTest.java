package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;
import static org.pgstat4j.server.scenario.World.value;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.BackendType;
import org.pgstat4j.backend.ResetFunctions.SlotKind;
import org.pgstat4j.backend.SlruStats;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.backend.StatsSettings;
import org.pgstat4j.backend.TrackFunctions;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;

/**
 * Spec §10.3 item 15: the reset functions — what each one zeroes, which {@code stats_reset}
 * advances, their errors, and that EXECUTE is revoked from PUBLIC.
 */
class ResetScenarioTest {
    @TempDir
    Path dir;

    /** Tables t and u and function f with counts the collector knows. */
    private static void activity(World w) {
        Table t = w.db().createTable("t");
        Table u = w.db().createTable("u");
        var f = w.db().createFunction("f", "plpgsql");
        try (Session s = w.db().session().settings(new StatsSettings().trackFunctions(TrackFunctions.PL)).connect()) {
            s.insert(t, 5);
            s.insert(u, 7);
            s.vacuum(t);
            s.call(f);
        }
        w.settle();
        w.remember("db", w.databaseRow());
    }

    private static Instant resetTime(Map<String, Object> row) {
        return (Instant) row.get("stats_reset");
    }

    @Test
    @DisplayName("§10.3 #15 pg_stat_reset(): every table and function entry goes, database counters restart")
    void resetDatabase() {
        spec("pg_stat_reset() drops the database's table and function entries and restarts its counters")
                .setup(ResetScenarioTest::activity)
                .session("s1")
                .step("s1_reset", Session::pgStatReset)
                .check("zeroed", w -> {
                    for (String rel : List.of("t", "u")) {
                        var r = w.tableRow(rel);
                        assertThat(value(r, "n_tup_ins")).isZero();
                        assertThat(value(r, "n_live_tup")).isZero();
                        assertThat(value(r, "vacuum_count")).isZero();
                        assertThat(r.get("last_vacuum")).isNull();
                    }
                    assertThat(w.observer().query("pg_stat_user_functions")).isEmpty();
                    Map<String, Object> before = w.recall("db");
                    assertThat(resetTime(w.databaseRow())).isAfter(resetTime(before));
                    assertThat(value(before, "xact_commit")).isGreaterThan(1);
                    assertThat(w.databaseValue("xact_commit")).as("only the reset statement's own commit").isEqualTo(1);
                })
                .permutation("s1_reset", "s1_close", "settle", "zeroed")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #15 pg_stat_reset_single_table_counters: only that table, and the database's stats_reset advances")
    void resetSingleTable() {
        spec("resetting one table's counters leaves every other table alone")
                .setup(ResetScenarioTest::activity)
                .session("s1")
                .step("s1_reset_t", (s, w) -> s.pgStatResetSingleTableCounters(w.table("t")))
                .check("only_t", w -> {
                    assertThat(w.tableValue("t", "n_tup_ins")).isZero();
                    assertThat(w.tableValue("t", "vacuum_count")).isZero();
                    assertThat(w.tableValue("u", "n_tup_ins")).isEqualTo(7);
                    assertThat(w.tableValue("u", "n_live_tup")).isEqualTo(7);
                    Map<String, Object> before = w.recall("db");
                    assertThat(resetTime(w.databaseRow())).isAfter(resetTime(before));
                })
                .permutation("s1_reset_t", "s1_close", "settle", "only_t")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #15 pg_stat_reset_shared('bgwriter' | 'archiver' | 'wal'): that view only; 'foo' is an error")
    void resetShared() {
        spec("each shared reset target zeroes its own view and advances its own stats_reset")
                .session("s1")
                .check("auxiliary_activity", w -> {
                    Backend checkpointer = Backend.builder(w.stats().sender()).type(BackendType.CHECKPOINTER).build();
                    checkpointer.bgWriter().countTimedCheckpoint();
                    checkpointer.bgWriter().countBuffersAllocated(5);
                    checkpointer.bgWriter().send();
                    checkpointer.reports().archiver("000000010000000000000001", false);
                    checkpointer.wal().countUsage(10, 1, 4096);
                    checkpointer.wal().send(true);
                    w.settle();
                    w.remember("bgwriter", single(w, "pg_stat_bgwriter"));
                    w.remember("archiver", single(w, "pg_stat_archiver"));
                    w.remember("wal", single(w, "pg_stat_wal"));
                    assertThat(single(w, "pg_stat_bgwriter")).containsEntry("checkpoints_timed", 1L);
                    assertThat(single(w, "pg_stat_archiver")).containsEntry("archived_count", 1L);
                    assertThat(single(w, "pg_stat_wal")).containsEntry("wal_records", 10L);
                })
                .step("s1_reset_bgwriter", s -> s.pgStatResetShared("bgwriter"))
                .step("s1_reset_archiver", s -> s.pgStatResetShared("archiver"))
                .step("s1_reset_wal", s -> s.pgStatResetShared("wal"))
                .step("s1_reset_foo", s -> assertThatThrownBy(() -> s.pgStatResetShared("foo"))
                        .isInstanceOfSatisfying(SqlStateException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("22023");
                            assertThat(e.getMessage()).isEqualTo("unrecognized reset target: \"foo\"");
                            assertThat(e.hint()).isEqualTo("Target must be \"archiver\", \"bgwriter\", or \"wal\".");
                        }))
                .check("bgwriter_reset_only", w -> {
                    assertReset(w, "pg_stat_bgwriter", "checkpoints_timed");
                    assertUntouched(w, "archiver", "pg_stat_archiver");
                    assertUntouched(w, "wal", "pg_stat_wal");
                })
                .check("archiver_reset_too", w -> {
                    assertReset(w, "pg_stat_archiver", "archived_count");
                    assertUntouched(w, "wal", "pg_stat_wal");
                })
                .check("wal_reset_too", w -> assertReset(w, "pg_stat_wal", "wal_records"))
                .permutation("auxiliary_activity", "s1_reset_foo", "s1_reset_bgwriter", "settle", "bgwriter_reset_only",
                        "s1_reset_archiver", "settle", "archiver_reset_too", "s1_reset_wal", "settle", "wal_reset_too")
                .run(dir);
    }

    private static Map<String, Object> single(World w, String view) {
        return w.observer().query(view).getFirst();
    }

    private static void assertReset(World w, String view, String counter) {
        String key = view.substring("pg_stat_".length());
        Map<String, Object> before = w.recall(key);
        Map<String, Object> now = single(w, view);
        assertThat(now).containsEntry(counter, 0L);
        assertThat(resetTime(now)).isAfter(resetTime(before));
    }

    private static void assertUntouched(World w, String key, String view) {
        assertThat(single(w, view)).isEqualTo(w.recall(key));
    }

    @Test
    @DisplayName("§10.3 #15 pg_stat_reset_slru: a name resets its row, an unknown name 'other', NULL every row")
    void resetSlru() {
        List<String> names = SlruStats.NAMES;
        Consumer<Session> countEverySlru = s -> {
            for (int i = 0; i < names.size(); i++) {
                s.backend().slru().countPageHit(i);
            }
        };
        spec("pg_stat_reset_slru maps names to slots, unknown names to 'other'")
                .session("s1")
                .step("s1_count_every_slru", s -> s.statement(() -> countEverySlru.accept(s)))
                .check("remember", w -> w.remember("slru", slru(w)))
                .step("s1_reset_xact", s -> s.pgStatResetSlru("Xact"))
                .step("s1_reset_nonsense", s -> s.pgStatResetSlru("nonsense"))
                .step("s1_reset_all", s -> s.pgStatResetSlru(null))
                .check("xact_reset", w -> assertSlruReset(w, List.of("Xact")))
                .check("other_reset", w -> assertSlruReset(w, List.of("Xact", "other")))
                .check("all_reset", w -> assertSlruReset(w, names))
                .permutation("s1_count_every_slru", "s1_close", "settle", "remember", "s1_reconnect", "s1_reset_xact",
                        "settle", "xact_reset", "s1_reset_nonsense", "settle", "other_reset", "s1_reset_all", "settle",
                        "all_reset")
                .run(dir);
    }

    private static Map<String, Map<String, Object>> slru(World w) {
        Map<String, Map<String, Object>> byName = new java.util.LinkedHashMap<>();
        for (Map<String, Object> r : w.observer().query("pg_stat_slru")) {
            byName.put((String) r.get("name"), r);
        }
        return byName;
    }

    private static void assertSlruReset(World w, List<String> reset) {
        Map<String, Map<String, Object>> before = w.recall("slru");
        Map<String, Map<String, Object>> now = slru(w);
        for (String name : SlruStats.NAMES) {
            if (reset.contains(name)) {
                assertThat(now.get(name)).as(name).containsEntry("blks_hit", 0L);
                assertThat(resetTime(now.get(name))).as(name).isAfter(resetTime(before.get(name)));
            } else {
                assertThat(now.get(name)).as(name).isEqualTo(before.get(name)).containsEntry("blks_hit", 1L);
            }
        }
    }

    @Test
    @DisplayName("§10.3 #15 replication slots and privileges: missing slot is an error; non-superusers need a grant")
    void replicationSlotsAndPrivileges() {
        spec("resetting a missing slot fails; EXECUTE on every reset function is revoked from PUBLIC")
                .session("s1")
                .session("user", (b, w) -> b.superuser(false))
                .step("s1_slot_with_counts", s -> {
                    s.createReplicationSlot("slot1", SlotKind.LOGICAL);
                    s.statement(() -> s.backend().reports().replSlot("slot1", 1, 2, 3, 4, 5, 6, 7, 8));
                })
                .check("slot_counted", w -> assertThat(w.observer().row("pg_stat_replication_slots", "slot1"))
                        .containsEntry("total_txns", 7L).containsEntry("stats_reset", null))
                .step("s1_reset_slot", s -> s.pgStatResetReplicationSlot("slot1"))
                .check("slot_reset", w -> {
                    var r = w.observer().query("pg_stat_replication_slots").getFirst();
                    assertThat(r).containsEntry("slot_name", "slot1").containsEntry("total_txns", 0L);
                    assertThat(r.get("stats_reset")).isNotNull();
                })
                .step("s1_reset_missing_slot", s -> assertThatThrownBy(() -> s.pgStatResetReplicationSlot("missing"))
                        .isInstanceOfSatisfying(SqlStateException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("22023");
                            assertThat(e.getMessage()).isEqualTo("replication slot \"missing\" does not exist");
                        }))
                .step("user_denied_everything", (s, w) -> {
                    List<Runnable> calls = List.of(s::pgStatReset, () -> s.pgStatResetShared("wal"),
                            () -> s.pgStatResetSingleTableCounters(w.table("t")),
                            () -> s.pgStatResetSingleFunctionCounters(w.function("f")),
                            () -> s.pgStatResetSlru(null), () -> s.pgStatResetReplicationSlot(null));
                    for (Runnable call : calls) {
                        assertThatThrownBy(call::run).isInstanceOfSatisfying(SqlStateException.class,
                                e -> assertThat(e.sqlState()).isEqualTo("42501"));
                    }
                })
                .check("grant_reset", w -> w.cluster().grantExecuteToPublic("pg_stat_reset"))
                .step("user_may_reset", Session::pgStatReset)
                .permutation("s1_slot_with_counts", "s1_close", "settle", "slot_counted", "s1_reconnect",
                        "s1_reset_slot", "settle", "slot_reset", "s1_reset_missing_slot", "user_denied_everything",
                        "grant_reset", "user_may_reset")
                .setup(w -> {
                    w.db().createTable("t");
                    w.db().createFunction("f", "plpgsql");
                })
                .run(dir);
    }
}
