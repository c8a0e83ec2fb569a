package org.pgstat4j.backend;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * The {@code pg_stat_get_xact_*} functions (spec §8 intro, §8.2): this backend's pending
 * local counts, which the collector has not seen yet.
 *
 * <p>Table functions return 0 for a relation without a pending entry; inserted, updated and
 * deleted also add the counts of still-open (sub)transaction levels. Function functions are
 * empty (SQL NULL) when the function has no entry; times are in milliseconds. Because counts
 * are cleared only by an actual flush, "current transaction" also covers earlier, unflushed
 * transactions of the session — as in PostgreSQL.
 *
 * <p>The one way to misuse it: reading it from another thread than the backend's. The pending
 * counts behind it are not synchronised.
 */
public final class PendingStats {
    private final PendingTables tables;
    private final FunctionStats functions;

    PendingStats(PendingTables tables, FunctionStats functions) {
        this.tables = tables;
        this.functions = functions;
    }

    public long numScans(int relationOid) {
        TableStatus t = tables.find(relationOid);
        return t == null ? 0 : t.numScans;
    }

    public long tuplesReturned(int relationOid) {
        TableStatus t = tables.find(relationOid);
        return t == null ? 0 : t.tuplesReturned;
    }

    public long tuplesFetched(int relationOid) {
        TableStatus t = tables.find(relationOid);
        return t == null ? 0 : t.tuplesFetched;
    }

    public long tuplesInserted(int relationOid) {
        return withOpenLevels(relationOid, t -> t.tuplesInserted, r -> r.tuplesInserted);
    }

    public long tuplesUpdated(int relationOid) {
        return withOpenLevels(relationOid, t -> t.tuplesUpdated, r -> r.tuplesUpdated);
    }

    public long tuplesDeleted(int relationOid) {
        return withOpenLevels(relationOid, t -> t.tuplesDeleted, r -> r.tuplesDeleted);
    }

    /** A pending count plus the same count of every still-open (sub)transaction level. */
    private long withOpenLevels(int relationOid, ToLongFunction<TableStatus> pending,
                                ToLongFunction<TableXactStatus> level) {
        TableStatus t = tables.find(relationOid);
        if (t == null) {
            return 0;
        }
        long n = pending.applyAsLong(t);
        for (TableXactStatus r = t.trans; r != null; r = r.upper) {
            n += level.applyAsLong(r);
        }
        return n;
    }

    public long tuplesHotUpdated(int relationOid) {
        TableStatus t = tables.find(relationOid);
        return t == null ? 0 : t.tuplesHotUpdated;
    }

    public long blocksFetched(int relationOid) {
        TableStatus t = tables.find(relationOid);
        return t == null ? 0 : t.blocksFetched;
    }

    public long blocksHit(int relationOid) {
        TableStatus t = tables.find(relationOid);
        return t == null ? 0 : t.blocksHit;
    }

    public OptionalLong functionCalls(int functionOid) {
        FunctionStats.Counts c = functions.find(functionOid);
        return c == null ? OptionalLong.empty() : OptionalLong.of(c.numCalls);
    }

    /** Total time in milliseconds, callees included. */
    public OptionalDouble functionTotalTime(int functionOid) {
        FunctionStats.Counts c = functions.find(functionOid);
        return c == null ? OptionalDouble.empty() : OptionalDouble.of(c.totalNanos / 1_000_000.0);
    }

    /** Self time in milliseconds, tracked callees excluded. */
    public OptionalDouble functionSelfTime(int functionOid) {
        FunctionStats.Counts c = functions.find(functionOid);
        return c == null ? OptionalDouble.empty() : OptionalDouble.of(c.selfNanos / 1_000_000.0);
    }

    /** Pending time in the function including its callees, in nanoseconds; 0 if none. */
    public long functionTotalNanos(int functionOid) {
        FunctionStats.Counts c = functions.find(functionOid);
        return c == null ? 0 : c.totalNanos;
    }

    /** Pending time in the function itself, in nanoseconds; 0 if none. */
    public long functionSelfNanos(int functionOid) {
        FunctionStats.Counts c = functions.find(functionOid);
        return c == null ? 0 : c.selfNanos;
    }
}
