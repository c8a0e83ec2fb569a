package org.pgstat4j.view;

/**
 * The calling session's counts not yet sent to the collector: what the
 * {@code pg_stat_get_xact_*} functions and the {@code pg_stat_xact_*} views read (spec §8).
 * A backend implements it over its pending tables; for inserted/updated/deleted it includes
 * the still-open (sub)transaction levels. Counts of a relation without a pending entry are 0.
 *
 * <p>Read on the session's own thread only, like the counters behind it.
 */
public interface PendingCounts {
    /** No pending counts at all: a session that has counted nothing (or a pure reader). */
    PendingCounts NONE = new PendingCounts() {
    };

    default long xactNumscans(int relid) {
        return 0;
    }

    default long xactTuplesReturned(int relid) {
        return 0;
    }

    default long xactTuplesFetched(int relid) {
        return 0;
    }

    default long xactTuplesInserted(int relid) {
        return 0;
    }

    default long xactTuplesUpdated(int relid) {
        return 0;
    }

    default long xactTuplesDeleted(int relid) {
        return 0;
    }

    default long xactTuplesHotUpdated(int relid) {
        return 0;
    }

    default long xactBlocksFetched(int relid) {
        return 0;
    }

    default long xactBlocksHit(int relid) {
        return 0;
    }

    /** Whether the function has a pending entry; without one its xact functions are NULL. */
    default boolean hasFunction(int funcid) {
        return false;
    }

    default long xactFunctionCalls(int funcid) {
        return 0;
    }

    /** Pending time in the function including its callees, in nanoseconds. */
    default long xactFunctionTotalTimeNanos(int funcid) {
        return 0;
    }

    /** Pending time in the function itself, in nanoseconds. */
    default long xactFunctionSelfTimeNanos(int funcid) {
        return 0;
    }
}
