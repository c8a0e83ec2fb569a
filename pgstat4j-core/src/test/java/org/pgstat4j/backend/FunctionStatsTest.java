package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.FunctionEntry;

/**
 * Function call timing (spec §4.7, §10.3 item 10) on a nanosecond clock that moves only when
 * the test says so: tracking levels, nesting, recursion, the final-call flag, abandoned calls,
 * the xact accessors and FUNCSTAT packing.
 */
class FunctionStatsTest {
    static final int F_PLPGSQL = 40001;
    static final int F_SQL = 40002;
    static final int F_BUILTIN = 40003;
    static final int F_INNER = 40004;

    private static final long MS = 1_000_000L;

    private static Fixture withTracking(TrackFunctions level) {
        Fixture f = new Fixture();
        f.settings.trackFunctions(level);
        return f;
    }

    /** One call of {@code oid} at {@code level} lasting {@code nanos}. */
    private static void call(Fixture f, int oid, TrackFunctions level, long nanos) {
        int token = f.backend.initFunctionUsage(oid, level);
        f.clock.advanceNanos(nanos);
        f.backend.endFunctionUsage(token, true);
    }

    private static FunctionEntry funcEntry(Fixture f, int oid) {
        List<FunctionEntry> found = f.sender.of(FuncStatMessage.class).stream()
                .flatMap(m -> m.entries().stream()).filter(e -> e.functionId() == oid).toList();
        assertThat(found).as("FUNCSTAT entries of %d", oid).hasSize(1);
        return found.getFirst();
    }

    @Test
    void plTracksProceduralFunctionsOnly() {
        Fixture f = withTracking(TrackFunctions.PL);
        for (int i = 0; i < 3; i++) {
            call(f, F_PLPGSQL, TrackFunctions.levelForLanguage("plpgsql"), 2 * MS);
        }
        call(f, F_SQL, TrackFunctions.levelForLanguage("sql"), MS);
        call(f, F_BUILTIN, TrackFunctions.levelForLanguage("internal"), MS);

        assertThat(f.backend.pending().functionCalls(F_PLPGSQL)).hasValue(3);
        assertThat(f.backend.pending().functionTotalTime(F_PLPGSQL)).hasValue(6.0);
        assertThat(f.backend.pending().functionSelfTime(F_PLPGSQL)).hasValue(6.0);
        assertThat(f.backend.pending().functionCalls(F_SQL)).isEmpty();
        assertThat(f.backend.pending().functionCalls(F_BUILTIN)).isEmpty();
        f.backend.close();

        assertThat(funcEntry(f, F_PLPGSQL)).isEqualTo(new FunctionEntry(F_PLPGSQL, 3, 6000, 6000));
        assertThat(f.sender.of(FuncStatMessage.class)).allSatisfy(m -> {
            assertThat(m.databaseId()).isEqualTo(Fixture.DB);
            assertThat(m.entries()).extracting(FunctionEntry::functionId).containsOnly(F_PLPGSQL);
        });
    }

    @Test
    void allAlsoTracksSqlAndCButNeverBuiltins() {
        Fixture f = withTracking(TrackFunctions.ALL);
        call(f, F_SQL, TrackFunctions.levelForLanguage("sql"), MS);
        call(f, F_BUILTIN, TrackFunctions.levelForLanguage("internal"), MS);
        assertThat(f.backend.pending().functionCalls(F_SQL)).hasValue(1);
        assertThat(f.backend.pending().functionCalls(F_BUILTIN)).isEmpty();
    }

    @Test
    void noneTracksNothing() {
        Fixture f = withTracking(TrackFunctions.OFF);
        int token = f.backend.initFunctionUsage(F_PLPGSQL, TrackFunctions.OFF);
        assertThat(token).isNegative();
        f.backend.endFunctionUsage(token, true);
        f.backend.close();
        assertThat(f.sender.of(FuncStatMessage.class)).isEmpty();
    }

    @Test
    void callerSelfTimeExcludesTrackedCallee() {
        Fixture f = withTracking(TrackFunctions.PL);
        int outer = f.backend.initFunctionUsage(F_PLPGSQL, TrackFunctions.OFF);
        f.clock.advanceNanos(MS);
        call(f, F_INNER, TrackFunctions.OFF, 3 * MS);
        f.clock.advanceNanos(2 * MS);
        f.backend.endFunctionUsage(outer, true);
        f.backend.close();
        assertThat(funcEntry(f, F_PLPGSQL)).isEqualTo(new FunctionEntry(F_PLPGSQL, 1, 6000, 3000));
        assertThat(funcEntry(f, F_INNER)).isEqualTo(new FunctionEntry(F_INNER, 1, 3000, 3000));
    }

    private static void recurse(Fixture f, int depth, int maxDepth) {
        int token = f.backend.initFunctionUsage(F_PLPGSQL, TrackFunctions.OFF);
        f.clock.advanceNanos(MS);
        if (depth < maxDepth) {
            recurse(f, depth + 1, maxDepth);
        }
        f.clock.advanceNanos(MS);
        f.backend.endFunctionUsage(token, true);
    }

    @Test
    void recursionCountsEveryCallButTheOuterElapsedTimeOnce() {
        Fixture f = withTracking(TrackFunctions.PL);
        long start = f.clock.nanoTime();
        recurse(f, 1, 5);
        long outerElapsedMicros = (f.clock.nanoTime() - start) / 1000;
        assertThat(outerElapsedMicros).isEqualTo(10_000);
        assertThat(f.backend.pending().functionCalls(F_PLPGSQL)).hasValue(5);
        assertThat(f.backend.pending().functionTotalTime(F_PLPGSQL)).hasValue(10.0);
        f.backend.close();
        assertThat(funcEntry(f, F_PLPGSQL))
                .isEqualTo(new FunctionEntry(F_PLPGSQL, 5, outerElapsedMicros, outerElapsedMicros));
    }

    @Test
    void valuePerCallFunctionCountsOnlyItsFinalCall() {
        Fixture f = withTracking(TrackFunctions.PL);
        for (int row = 0; row < 3; row++) {
            int token = f.backend.initFunctionUsage(F_PLPGSQL, TrackFunctions.OFF);
            f.clock.advanceNanos(MS);
            f.backend.endFunctionUsage(token, row == 2);
        }
        f.backend.close();
        assertThat(funcEntry(f, F_PLPGSQL)).isEqualTo(new FunctionEntry(F_PLPGSQL, 1, 3000, 3000));
    }

    @Test
    void callAbandonedByAnErrorChargesNothingAndIsNeverEnded() {
        Fixture f = withTracking(TrackFunctions.PL);
        int outer = f.backend.initFunctionUsage(F_PLPGSQL, TrackFunctions.OFF);
        int inner = f.backend.initFunctionUsage(F_INNER, TrackFunctions.OFF);
        f.clock.advanceNanos(4 * MS);
        // the inner call failed; the error was caught in the outer function
        f.backend.endFunctionUsage(outer, true);
        f.backend.endFunctionUsage(inner, true);
        assertThat(f.backend.pending().functionCalls(F_INNER)).hasValue(0);
        f.backend.close();
        assertThat(funcEntry(f, F_PLPGSQL)).isEqualTo(new FunctionEntry(F_PLPGSQL, 1, 4000, 4000));
        assertThat(f.sender.of(FuncStatMessage.class).stream().flatMap(m -> m.entries().stream()))
                .extracting(FunctionEntry::functionId).doesNotContain(F_INNER);
    }

    @Test
    void callsInAnAbortedTransactionStillCount() {
        Fixture f = withTracking(TrackFunctions.PL);
        call(f, F_PLPGSQL, TrackFunctions.OFF, MS);
        f.backend.rollbackTransaction();
        f.backend.close();
        assertThat(funcEntry(f, F_PLPGSQL).numCalls()).isEqualTo(1);
    }

    @Test
    void flushZeroesEntriesButKeepsThem() {
        Fixture f = withTracking(TrackFunctions.PL);
        call(f, F_PLPGSQL, TrackFunctions.OFF, MS);
        f.backend.forceNextFlush();
        assertThat(f.backend.reportStat(false)).isTrue();
        assertThat(funcEntry(f, F_PLPGSQL).numCalls()).isEqualTo(1);
        assertThat(f.backend.pending().functionCalls(F_PLPGSQL)).hasValue(0);
        f.sender.drain();
        f.backend.forceNextFlush();
        assertThat(f.backend.reportStat(false)).as("no function stats: quick exit").isFalse();
        assertThat(f.sender.messages).isEmpty();
    }

    @Test
    void microsecondsAreTruncated() {
        Fixture f = withTracking(TrackFunctions.PL);
        call(f, F_PLPGSQL, TrackFunctions.OFF, 1999);
        f.backend.close();
        assertThat(funcEntry(f, F_PLPGSQL)).isEqualTo(new FunctionEntry(F_PLPGSQL, 1, 1, 1));
    }

    @Test
    void funcstatCarriesAtMostThirtyEntries() {
        Fixture f = withTracking(TrackFunctions.PL);
        for (int i = 0; i < 65; i++) {
            call(f, 50000 + i, TrackFunctions.OFF, MS);
        }
        f.backend.close();
        List<FuncStatMessage> msgs = f.sender.of(FuncStatMessage.class);
        assertThat(msgs).extracting(m -> m.entries().size()).containsExactly(30, 30, 5);
        assertThat(msgs.stream().flatMap(m -> m.entries().stream()).map(FunctionEntry::functionId))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(50000, 50065).boxed().toList());
        for (int i = 0; i < f.sender.messages.size(); i++) {
            assertThat(f.sender.sizes.get(i)).isLessThanOrEqualTo(1000);
        }
    }
}
