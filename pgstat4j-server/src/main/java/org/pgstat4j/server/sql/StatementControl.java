package org.pgstat4j.server.sql;

import java.sql.SQLException;
import java.time.Duration;
import org.h2.engine.SessionLocal;

/**
 * The running statement of one session and how it ends early: its running window in
 * {@link StatementLimits} (from the start of its execution until the connection waits for
 * the client again), its timeout — the session's {@code statement_timeout} within the
 * server's bound — its engine permit around each piece of engine work, and its cancellation
 * with a reason that names the error the client gets.
 *
 * <p>Thread rule: the session's own thread starts, enters and ends statements;
 * {@link #cancel(CancelReason)} may come from any thread (a CancelRequest, the watchdog, the
 * connection's reader) and only sets the reason and asks the engine to stop, which it checks
 * as it produces rows. The first reason given wins; a cancel while no statement runs is
 * forgotten.
 */
final class StatementControl implements RowCursor.Engine, StatementLimits.Cancellable {
    /** Why a statement was cancelled. */
    enum CancelReason { USER, TIMEOUT, MEMORY, CLIENT_GONE }

    private final EngineDatabase db;
    private final SessionLocal engineSession;
    private final StatementLimits limits;
    private final SessionSettings settings;
    private final long maxTimeoutNanos;
    private final long memoryBudget;
    /** The statement running now (executing or producing rows), or null; set by the session's thread. */
    private volatile StatementLimits.Running running;
    private CancelReason cancelReason;

    StatementControl(EngineDatabase db, SessionLocal engineSession, StatementLimits limits, SessionSettings settings,
                     Duration maxTimeout, long memoryBudget) {
        this.db = db;
        this.engineSession = engineSession;
        this.limits = limits;
        this.settings = settings;
        this.maxTimeoutNanos = maxTimeout.toNanos();
        this.memoryBudget = memoryBudget;
    }

    /** A new statement: forgets an earlier cancel and starts its running window. */
    void startStatement() {
        idle();
        synchronized (this) {
            cancelReason = null;
            engineSession.setQueryTimeout(0); // also forgets a cancel that arrived after the last statement
        }
        running = limits.begin(this, timeoutNanos());
    }

    /** The connection waits for its client: no statement of this session is running now. */
    void idle() {
        StatementLimits.Running r = running;
        if (r != null) {
            running = null;
            limits.end(r);
        }
    }

    /** The effective timeout: the session's {@code statement_timeout}, within the server's bound; 0 = none. */
    private long timeoutNanos() {
        long session = SessionSettings.durationMillis(settings.currentSetting("statement_timeout", true)) * 1_000_000L;
        if (session <= 0) {
            return maxTimeoutNanos;
        }
        return maxTimeoutNanos <= 0 ? session : Math.min(session, maxTimeoutNanos);
    }

    /**
     * Cancels the statement running now, if any (from any thread: a CancelRequest, the
     * watchdog of {@link StatementLimits}, the connection's reader when the client is gone).
     * The engine checks the request while it produces rows; a request that arrives when the
     * session is idle is forgotten when the next statement starts.
     */
    @Override
    public void cancel(CancelReason reason) {
        synchronized (this) {
            if (running == null) {
                return;
            }
            if (cancelReason == null) {
                cancelReason = reason;
            }
            engineSession.cancel();
        }
    }

    /** The error of the statement's cancellation, or null when it has not been cancelled. */
    @Override
    public synchronized PgError cancellation() {
        return cancelReason == null ? null : cancelError(cancelReason);
    }

    private PgError cancelError(CancelReason reason) {
        return switch (reason) {
            case USER -> PgError.error(PgError.QUERY_CANCELED, "canceling statement due to user request");
            case TIMEOUT -> PgError.error(PgError.QUERY_CANCELED, "canceling statement due to statement timeout");
            case MEMORY -> new PgError(false, PgError.OUT_OF_MEMORY, "out of memory",
                    "The statements running at once allocated more than " + memoryBudget / (1024 * 1024)
                            + " MB, the most they may allocate together, and this one allocated the most.",
                    "Select fewer rows or columns, or aggregate them.");
            case CLIENT_GONE -> PgError.fatal(PgError.CONNECTION_FAILURE, "connection to client lost");
        };
    }

    private static PgError engineFailed() {
        return new PgError(true, PgError.CRASH_SHUTDOWN, "terminating connection because the SQL engine failed",
                "The engine closed its database (after running out of memory, or another failure); new"
                        + " connections get a new one, built as the first.", "Reconnect and repeat your command.");
    }

    // ---------------------------------------------------------------- the way into the engine

    /** Before each piece of engine work: fails if the engine is gone or the statement cancelled; takes a permit. */
    @Override
    public void enter() throws PgError {
        if (!db.isOpen()) {
            throw engineFailed();
        }
        if (running == null) {
            startStatement(); // a suspended portal resumes: a new running window
        }
        PgError cancelled = cancellation();
        if (cancelled != null) {
            throw cancelled;
        }
        limits.enterEngine(running);
    }

    @Override
    public void leave() {
        limits.leaveEngine();
    }

    /** An engine error as the client sees it: a cancellation with its reason, a failed engine as FATAL. */
    @Override
    public PgError translate(SQLException e) {
        if (!db.isOpen()) {
            return engineFailed();
        }
        PgError cancelled = cancellation();
        if (cancelled != null && e.getErrorCode() == org.h2.api.ErrorCode.STATEMENT_WAS_CANCELED) {
            return cancelled;
        }
        return EngineErrors.translate(e);
    }
}
