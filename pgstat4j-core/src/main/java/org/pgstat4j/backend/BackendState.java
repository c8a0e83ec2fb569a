package org.pgstat4j.backend;

/**
 * The activity states of a backend as {@code pg_stat_activity.state} shows them. Leaving
 * {@link #RUNNING} or {@link #FASTPATH} adds the time spent to the session's active time;
 * leaving {@link #IDLE_IN_TRANSACTION} or {@link #IDLE_IN_TRANSACTION_ABORTED} adds it to
 * the idle-in-transaction time (spec §4.10).
 *
 * <p>The one way to misuse it: reporting a state the session is not in (idle while a statement
 * runs). Leaving a state adds the time spent in it to the active or the idle-in-transaction
 * total, so the time lands in the wrong one.
 */
public enum BackendState {
    UNDEFINED,
    IDLE,
    RUNNING,
    IDLE_IN_TRANSACTION,
    FASTPATH,
    IDLE_IN_TRANSACTION_ABORTED,
    DISABLED;

    boolean isActive() {
        return this == RUNNING || this == FASTPATH;
    }

    boolean isIdleInTransaction() {
        return this == IDLE_IN_TRANSACTION || this == IDLE_IN_TRANSACTION_ABORTED;
    }
}
