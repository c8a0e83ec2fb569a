package org.pgstat4j.backend;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.FunctionEntry;

/**
 * A backend's function-call counts and the timing of calls in progress (spec §4.7).
 *
 * <p>Owns the function map (entries are zeroed at a flush but stay, as in PostgreSQL), the
 * process-wide time already charged to tracked functions ({@code total_func_time}), and a
 * stack of call frames. Times are kept in nanoseconds and sent in microseconds.
 *
 * <p>Invariants: a call's total time is <em>assigned</em> (saved total + elapsed) at its end,
 * so recursion never counts the same wall time twice; a callee's self time is charged once,
 * and its caller's self time excludes it. Calls must end innermost first; ending a frame
 * discards any frames above it (calls abandoned by an error), whose end is then ignored.
 */
final class FunctionStats {
    /** Token of a call that is not timed. */
    static final int NOT_TRACKED = -1;

    /** {@code PgStat_BackendFunctionEntry}. */
    static final class Counts {
        final int oid;
        long numCalls;
        long totalNanos;
        long selfNanos;

        Counts(int oid) {
            this.oid = oid;
        }

        boolean isAllZero() {
            return numCalls == 0 && totalNanos == 0 && selfNanos == 0;
        }
    }

    private static final class Frame {
        Counts counts;
        long savedEntryTotal;
        long savedTotalFuncTime;
        long start;
    }

    private final StatsClock clock;
    private final StatsSettings settings;
    private final OidMap<Counts> entries = new OidMap<>();
    private long totalFuncTime;
    private boolean haveFunctionStats;
    private Frame[] frames = new Frame[8];
    private int depth;

    FunctionStats(StatsClock clock, StatsSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * {@code pgstat_init_function_usage}: starts timing a call of {@code functionOid}, whose
     * level is {@code functionLevel}, if {@code track_functions} is strictly greater.
     * Returns the call's token, or {@link #NOT_TRACKED}.
     */
    int initUsage(int functionOid, TrackFunctions functionLevel) {
        if (!settings.trackFunctions().tracks(functionLevel)) {
            return NOT_TRACKED;
        }
        Counts c = entries.get(functionOid);
        if (c == null) {
            c = new Counts(functionOid);
            entries.add(functionOid, c);
        }
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
        }
        Frame f = frames[depth];
        if (f == null) {
            f = new Frame();
            frames[depth] = f;
        }
        f.counts = c;
        f.savedEntryTotal = c.totalNanos;
        f.savedTotalFuncTime = totalFuncTime;
        f.start = clock.nanoTime();
        return depth++;
    }

    /**
     * {@code pgstat_end_function_usage}: ends the call of {@code token}. Only the final call
     * of a logical call ({@code finalize}) counts as a call; every call adds its times.
     */
    void endUsage(int token, boolean finalize) {
        if (token < 0 || token >= depth) {
            return;
        }
        Frame f = frames[token];
        depth = token;
        long elapsed = clock.nanoTime() - f.start;
        long others = totalFuncTime - f.savedTotalFuncTime;
        long self = elapsed - others;
        totalFuncTime += self;
        Counts c = f.counts;
        c.totalNanos = f.savedEntryTotal + elapsed;
        c.selfNanos += self;
        if (finalize) {
            c.numCalls++;
        }
        haveFunctionStats = true;
        f.counts = null;
    }

    boolean havePendingStats() {
        return haveFunctionStats;
    }

    /** The pending entry of {@code functionOid}, or {@code null}. */
    Counts find(int functionOid) {
        return entries.get(functionOid);
    }

    /**
     * {@code pgstat_send_funcstats}: every non-zero entry, in messages of at most 30, each
     * entry zeroed once copied.
     */
    void flush(Outbox out, int databaseId) {
        List<FunctionEntry> batch = new ArrayList<>(FuncStatMessage.MAX_ENTRIES);
        for (int i = 0; i < entries.size(); i++) {
            Counts c = entries.valueAt(i);
            if (c.isAllZero()) {
                continue;
            }
            batch.add(new FunctionEntry(c.oid, c.numCalls, c.totalNanos / 1000, c.selfNanos / 1000));
            c.numCalls = 0;
            c.totalNanos = 0;
            c.selfNanos = 0;
            if (batch.size() == FuncStatMessage.MAX_ENTRIES) {
                out.send(new FuncStatMessage(databaseId, batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            out.send(new FuncStatMessage(databaseId, batch));
        }
        haveFunctionStats = false;
    }
}
