package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.StatsSettings;
import org.pgstat4j.backend.TrackFunctions;
import org.pgstat4j.server.workload.Session;

/**
 * Spec §10.3 item 10: which functions {@code track_functions} times, how calls, total and
 * self time add up for nested and recursive calls, that the calling session sees its
 * pending counts, and that calls of aborted transactions count. The sessions run on a
 * {@link ManualClock}, so every time below is exact.
 */
class FunctionScenarioTest {
    @TempDir
    Path dir;

    private static Map<String, Object> fn(World w, String name) {
        return w.observer().row("pg_stat_user_functions", name);
    }

    private static double ms(Map<String, Object> row, String column) {
        return (Double) row.get(column);
    }

    @Test
    @DisplayName("§10.3 #10 track_functions: pl times PL/pgSQL only, all adds SQL functions, built-ins never")
    void trackingLevels() {
        spec("a call is timed only when track_functions is above the function's level")
                .setup(w -> {
                    w.db().createFunction("f_pl", "plpgsql");
                    w.db().createFunction("f_sql", "sql");
                    w.db().createFunction("f_builtin", "internal");
                })
                .session("s1", (b, w) -> b.settings(new StatsSettings().trackFunctions(TrackFunctions.PL)))
                .step("s1_call_each_3_times", (s, w) -> {
                    for (int i = 0; i < 3; i++) {
                        s.call(w.function("f_pl"));
                        s.call(w.function("f_sql"));
                        s.call(w.function("f_builtin"));
                    }
                })
                .step("s1_set_all", s -> s.backend().settings().trackFunctions(TrackFunctions.ALL))
                .check("pl_only", w -> {
                    assertThat(fn(w, "f_pl")).containsEntry("calls", 3L);
                    assertThat(ms(fn(w, "f_pl"), "total_time")).isGreaterThanOrEqualTo(ms(fn(w, "f_pl"), "self_time"));
                    assertThat(ms(fn(w, "f_pl"), "self_time")).isGreaterThanOrEqualTo(0);
                    assertThat(fn(w, "f_sql")).isNull();
                    assertThat(fn(w, "f_builtin")).isNull();
                })
                .check("sql_too", w -> {
                    assertThat(fn(w, "f_pl")).containsEntry("calls", 6L);
                    assertThat(fn(w, "f_sql")).containsEntry("calls", 3L);
                    assertThat(fn(w, "f_builtin")).isNull();
                })
                .permutation("s1_call_each_3_times", "s1_close", "settle", "pl_only",
                        "s1_reconnect", "s1_set_all", "s1_call_each_3_times", "s1_close", "settle", "sql_too")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #10 recursion and nesting: total time is the outer call's wall time, self time excludes callees")
    void recursiveAndNestedCalls() {
        spec("a recursive call's total time is not counted once per level; a caller's self time excludes tracked callees")
                .setup(w -> {
                    w.db().createFunction("f_rec", "plpgsql");
                    w.db().createFunction("f_outer", "plpgsql");
                    w.db().createFunction("f_inner", "sql");
                })
                .session("s1", (b, w) -> b.clock(w.clock())
                        .settings(new StatsSettings().trackFunctions(TrackFunctions.ALL)))
                .step("s1_recurse_5", (s, w) -> s.callRecursive(w.function("f_rec"), 5, () -> w.clock().advanceMillis(1)))
                .step("s1_nested", (s, w) -> s.call(w.function("f_outer"), () -> {
                    w.clock().advanceMillis(2);
                    s.call(w.function("f_inner"), () -> w.clock().advanceMillis(3));
                }))
                .step("s1_xact_view", (s, w) -> {
                    Map<String, Object> rec = s.row("pg_stat_xact_user_functions", "f_rec");
                    assertThat(rec).containsEntry("calls", 5L).containsEntry("total_time", 5.0)
                            .containsEntry("self_time", 5.0);
                    assertThat(s.row("pg_stat_user_functions", "f_rec")).isNull();
                })
                .check("times", w -> {
                    assertThat(fn(w, "f_rec")).containsEntry("calls", 5L).containsEntry("total_time", 5.0)
                            .containsEntry("self_time", 5.0);
                    assertThat(fn(w, "f_outer")).containsEntry("calls", 1L).containsEntry("total_time", 5.0)
                            .containsEntry("self_time", 2.0);
                    assertThat(fn(w, "f_inner")).containsEntry("calls", 1L).containsEntry("total_time", 3.0)
                            .containsEntry("self_time", 3.0);
                })
                // the first idle point reports; the frozen clock then keeps the calls pending
                .permutation("s1_select1", "s1_recurse_5", "s1_nested", "s1_xact_view", "s1_close", "settle", "times")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #10 aborted calls still count: function counts are not transactional")
    void abortedCallsCount() {
        spec("calls made in a rolled-back transaction are counted")
                .setup(w -> w.db().createFunction("f", "plpgsql"))
                .session("s1", (b, w) -> b.settings(new StatsSettings().trackFunctions(TrackFunctions.PL)))
                .step("s1_call_twice", (s, w) -> {
                    s.call(w.function("f"));
                    s.call(w.function("f"));
                })
                .step("s1_call_that_fails", (s, w) -> {
                    try {
                        s.call(w.function("f"), () -> {
                            throw new IllegalStateException("division by zero");
                        });
                    } catch (IllegalStateException expected) {
                        assertThat(s.state()).isEqualTo(Session.TransactionState.FAILED);
                    }
                })
                .check("counted", w -> assertThat(fn(w, "f")).containsEntry("calls", 2L))
                .permutation("s1_begin", "s1_call_twice", "s1_call_that_fails", "s1_rollback", "s1_close", "settle",
                        "counted")
                .run(dir);
    }
}
