package org.pgstat4j.backend;

import org.pgstat4j.protocol.PgTimestamps;

/**
 * The per-database totals a backend ships in the header of its first regular TABSTAT of a
 * flush (spec §4.8 step 7): commits and rollbacks, block read/write time, and — for client
 * backends — session, active and idle-in-transaction time; plus the activity state and the
 * session end cause that feed them (§4.10).
 *
 * <p>Invariant: every value is counted once: {@link #takeHeader} hands the totals to exactly
 * one message and zeroes them, and moves the session-time base to the report time.
 * Owned by one backend thread.
 *
 * <p>The one way to misuse it: reporting activity states from another thread than the
 * session's. It is owned by the backend's thread; the times it adds up come from the order of
 * the calls.
 */
public final class SessionStats {
    private final StatsClock clock;
    private final StatsSettings settings;
    private final boolean reportsSessions;

    int xactCommit;
    int xactRollback;
    long blockReadTime;
    long blockWriteTime;
    long activeTime;
    long idleInXactTime;
    /** {@code pgLastSessionReportTime}: base of the next session-time slice. */
    long lastSessionReportTime;

    private SessionEndCause endCause = SessionEndCause.NORMAL;
    private BackendState state = BackendState.UNDEFINED;
    private long stateStart;

    SessionStats(StatsClock clock, StatsSettings settings, boolean reportsSessions, long startTime) {
        this.clock = clock;
        this.settings = settings;
        this.reportsSessions = reportsSessions;
        this.lastSessionReportTime = startTime;
    }

    /**
     * {@code pgstat_report_activity}: the backend enters {@code newState}. Leaving an active
     * state adds the time spent in it to the active time, leaving an idle-in-transaction state
     * to the idle-in-transaction time. With {@code track_activities} off the state becomes
     * {@link BackendState#DISABLED} and no time is accounted. Every report restarts the
     * state's clock, so reporting the same state again drops the time spent since the
     * previous report (PostgreSQL 14 does the same).
     */
    public void reportActivity(BackendState newState) {
        if (!settings.trackActivities()) {
            state = BackendState.DISABLED;
            stateStart = 0;
            return;
        }
        long now = clock.currentTimestamp();
        if (newState != state) {
            if (state.isActive()) {
                activeTime += PgTimestamps.differenceMicros(stateStart, now);
            } else if (state.isIdleInTransaction()) {
                idleInXactTime += PgTimestamps.differenceMicros(stateStart, now);
            }
        }
        state = newState;
        stateStart = now;
    }

    /** The state last reported. */
    public BackendState state() {
        return state;
    }

    /** {@code pgstat_count_conn_active_time}: adds {@code micros} of active time. */
    public void countConnActiveTime(long micros) {
        activeTime += micros;
    }

    /** {@code pgstat_count_conn_txn_idle_time}: adds {@code micros} of idle-in-transaction time. */
    public void countConnTxnIdleTime(long micros) {
        idleInXactTime += micros;
    }

    /** Records why the session will end (client EOF, killed, ...); the last call wins. */
    public void setEndCause(SessionEndCause cause) {
        endCause = cause;
    }

    /** A FATAL error ends the session: becomes {@link SessionEndCause#FATAL} unless another cause was recorded. */
    public void noteFatalError() {
        if (endCause == SessionEndCause.NORMAL) {
            endCause = SessionEndCause.FATAL;
        }
    }

    public SessionEndCause endCause() {
        return endCause;
    }

    void countBlockReadTime(long micros) {
        if (settings.trackIoTiming()) {
            blockReadTime += micros;
        }
    }

    void countBlockWriteTime(long micros) {
        if (settings.trackIoTiming()) {
            blockWriteTime += micros;
        }
    }

    void countTransactionEnd(boolean commit) {
        if (commit) {
            xactCommit++;
        } else {
            xactRollback++;
        }
    }

    boolean hasTransactionCounts() {
        return xactCommit != 0 || xactRollback != 0;
    }

    /**
     * The seven header values of a regular TABSTAT sent at {@code now}, in message order
     * (commit, rollback, read time, write time, session, active, idle-in-transaction); the
     * totals restart from zero. Processes other than client backends send zero session times
     * but still restart them.
     */
    long[] takeHeader(long now) {
        long session = 0;
        long active = 0;
        long idle = 0;
        if (reportsSessions) {
            session = PgTimestamps.differenceMicros(lastSessionReportTime, now);
            lastSessionReportTime = now;
            active = activeTime;
            idle = idleInXactTime;
        }
        long[] header = {xactCommit, xactRollback, blockReadTime, blockWriteTime, session, active, idle};
        xactCommit = 0;
        xactRollback = 0;
        blockReadTime = 0;
        blockWriteTime = 0;
        activeTime = 0;
        idleInXactTime = 0;
        return header;
    }
}
