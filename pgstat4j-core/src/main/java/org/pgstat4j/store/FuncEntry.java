package org.pgstat4j.store;

/** One function's statistics ({@code PgStat_StatFuncEntry}); times in µs. */
public final class FuncEntry {
    public final int functionId;
    public long numCalls;
    public long totalTime;
    public long selfTime;

    public FuncEntry(int functionId) {
        this.functionId = functionId;
    }
}
