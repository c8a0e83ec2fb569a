package org.pgstat4j.store;

/**
 * One function's statistics ({@code PgStat_StatFuncEntry}); times in µs.
 *
 * <p>The one way to misuse it: comparing its times with the views' values. They are kept in
 * µs; {@code pg_stat_user_functions} shows milliseconds.
 */
public final class FuncEntry implements FuncEntryView {
    public final int functionId;
    public long numCalls;
    public long totalTime;
    public long selfTime;

    public FuncEntry(int functionId) {
        this.functionId = functionId;
    }

    @Override
    public int functionId() {
        return functionId;
    }

    @Override
    public long numCalls() {
        return numCalls;
    }

    @Override
    public long totalTime() {
        return totalTime;
    }

    @Override
    public long selfTime() {
        return selfTime;
    }
}
