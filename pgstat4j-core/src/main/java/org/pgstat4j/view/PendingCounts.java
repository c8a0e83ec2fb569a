package org.pgstat4j.view;

/**
 * The calling session's counts not yet sent to the collector: what the
 * {@code pg_stat_get_xact_*} functions and the {@code pg_stat_xact_*} views read (spec §8).
 * A backend implements it over its pending tables; for inserted/updated/deleted it includes
 * the still-open (sub)transaction levels. Counts of a relation without a pending entry are 0.
 *
 * <p>Read on the session's own thread only, like the counters behind it.
 *
 * <p>The one way to misuse it: reading it from another thread than the session's. The counts
 * behind it are unsynchronised and change under the reader.
 */
public interface PendingCounts {
    /** No pending counts at all: a session that has counted nothing (or a pure reader). */
    PendingCounts NONE = new PendingCounts() {
    };

    /** The pending counts of a session's {@link org.pgstat4j.backend.Backend}. */
    static PendingCounts of(org.pgstat4j.backend.PendingStats p) {
        return new PendingCounts() {
            public long xactNumscans(int relid) {
                return p.numScans(relid);
            }

            public long xactTuplesReturned(int relid) {
                return p.tuplesReturned(relid);
            }

            public long xactTuplesFetched(int relid) {
                return p.tuplesFetched(relid);
            }

            public long xactTuplesInserted(int relid) {
                return p.tuplesInserted(relid);
            }

            public long xactTuplesUpdated(int relid) {
                return p.tuplesUpdated(relid);
            }

            public long xactTuplesDeleted(int relid) {
                return p.tuplesDeleted(relid);
            }

            public long xactTuplesHotUpdated(int relid) {
                return p.tuplesHotUpdated(relid);
            }

            public long xactBlocksFetched(int relid) {
                return p.blocksFetched(relid);
            }

            public long xactBlocksHit(int relid) {
                return p.blocksHit(relid);
            }

            public boolean hasFunction(int funcid) {
                return p.functionCalls(funcid).isPresent();
            }

            public long xactFunctionCalls(int funcid) {
                return p.functionCalls(funcid).orElse(0);
            }

            public long xactFunctionTotalTimeNanos(int funcid) {
                return p.functionTotalNanos(funcid);
            }

            public long xactFunctionSelfTimeNanos(int funcid) {
                return p.functionSelfNanos(funcid);
            }
        };
    }

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
