package org.pgstat4j.server.sql;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What statements may cost the server: how many are inside the engine at once, how long each
 * may run, and how much heap each may allocate.
 *
 * <ul>
 * <li>Concurrency: engine work (executing a statement, producing each row) holds one of
 *     {@code engineThreads} permits; other sessions wait for one, still subject to their
 *     timeout and to cancellation. The permit is never held while talking to the client, so
 *     a slow client holds none.</li>
 * <li>Time and memory: a session's statement is <em>running</em> from the start of its
 *     execution until its rows end or the connection waits for the client again (as
 *     PostgreSQL's {@code statement_timeout} counts per message). A watchdog thread looks at
 *     every running statement each {@link #TICK_MILLIS} ms and cancels it when its deadline
 *     has passed ({@link StatementControl.CancelReason#TIMEOUT}) or when its thread has allocated
 *     more than the budget since the statement started ({@link StatementControl.CancelReason#MEMORY},
 *     read from {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). What a
 *     statement holds is at most what it allocated, so the budget bounds the heap one
 *     statement can fill, at the price of also stopping a long statement whose garbage adds
 *     up to the budget. Cancelling goes through the engine's own cancel, which the engine
 *     checks as it produces rows, so the engine's state and other sessions are untouched.</li>
 * </ul>
 *
 * <p>Thread rule: {@link #begin}/{@link #end} are called by the session's own (platform)
 * thread; the watchdog only reads the registered statements and calls
 * {@link StatementControl#cancel(StatementControl.CancelReason)}, which is safe from any thread.
 */
final class StatementLimits implements AutoCloseable {
    static final long TICK_MILLIS = 20;
    private static final long RUNAWAY_NANOS = 10_000_000_000L;
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server.sql");

    /** What the limits need of a session's statement: to stop it, and why it was stopped. */
    interface Cancellable {
        /** Asks the statement to stop (from any thread); the first reason given wins. */
        void cancel(StatementControl.CancelReason reason);

        /** The error of the statement's cancellation, or null when it has not been cancelled. */
        PgError cancellation();
    }

    /** One running statement: whose, on which thread, until when, from which allocation count. */
    static final class Running {
        final Cancellable control;
        final long threadId;
        final long deadlineNanos;
        final long allocatedAtStart;
        /** When the watchdog first cancelled it (0 = not yet), why, and whether a runaway was reported; watchdog only. */
        long cancelledAt;
        StatementControl.CancelReason reason;
        boolean reported;

        Running(Cancellable control, long threadId, long deadlineNanos, long allocatedAtStart) {
            this.control = control;
            this.threadId = threadId;
            this.deadlineNanos = deadlineNanos;
            this.allocatedAtStart = allocatedAtStart;
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Semaphore engine;
    private final long memoryBudget;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean closed;

    StatementLimits(int engineThreads, long memoryBudget) {
        this.engine = new Semaphore(engineThreads, true);
        this.memoryBudget = memoryBudget;
        if (memoryBudget > 0 && THREADS.isThreadAllocatedMemorySupported()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        this.watchdog = Thread.ofPlatform().daemon(true).name("pgstat4j-sql-watchdog").start(this::watch);
    }

    /** Starts the running window of a statement of {@code control}'s session on the calling thread. */
    Running begin(Cancellable control, long timeoutNanos) {
        long now = System.nanoTime();
        long deadline = timeoutNanos > 0 ? now + timeoutNanos : Long.MAX_VALUE;
        Thread t = Thread.currentThread();
        long allocated = memoryBudget > 0 ? THREADS.getThreadAllocatedBytes(t.threadId()) : 0;
        Running r = new Running(control, t.threadId(), deadline, allocated);
        running.add(r);
        return r;
    }

    void end(Running r) {
        if (r != null) {
            running.remove(r);
        }
    }

    /**
     * Takes an engine permit for {@code r}, waiting while others hold them; gives up with the
     * session's cancellation error when the statement is cancelled or times out meanwhile.
     */
    void enterEngine(Running r) throws PgError {
        try {
            // tryAcquire with a timeout honours fairness: a statement fetching row after row
            // cannot barge ahead of one that waits
            if (engine.tryAcquire(0, TimeUnit.MILLISECONDS)) {
                return;
            }
            while (!engine.tryAcquire(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                PgError cancelled = r.control.cancellation();
                if (cancelled != null) {
                    throw cancelled;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PgError.error(PgError.QUERY_CANCELED, "canceling statement due to user request");
        }
    }

    void leaveEngine() {
        engine.release();
    }

    /** Statements running now (for tests and diagnostics). */
    int runningCount() {
        return running.size();
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            Running hungriest = memoryBudget > 0 ? hungriestOverBudget() : null;
            for (Running r : running) {
                StatementControl.CancelReason reason = null;
                if (now - r.deadlineNanos >= 0) {
                    reason = StatementControl.CancelReason.TIMEOUT;
                } else if (r == hungriest || r.cancelledAt != 0 && r.reason == StatementControl.CancelReason.MEMORY) {
                    reason = StatementControl.CancelReason.MEMORY;
                }
                if (reason == null) {
                    continue;
                }
                r.control.cancel(reason);
                if (r.cancelledAt == 0) {
                    r.cancelledAt = now;
                    r.reason = reason;
                } else if (!r.reported && now - r.cancelledAt > RUNAWAY_NANOS) {
                    // The engine checks for cancellation between rows; work inside one row
                    // (a pathological regular expression, say) cannot be stopped from outside.
                    r.reported = true;
                    LOG.log(System.Logger.Level.WARNING, "a SQL statement has not stopped "
                            + RUNAWAY_NANOS / 1_000_000_000 + " s after it was cancelled (" + reason
                            + "); it keeps its thread and engine permit until the engine returns");
                }
            }
        }
    }

    /**
     * The statement to stop for memory, or null: when the statements running now and not yet
     * cancelled have allocated more than the budget together, the one that allocated the
     * most. Statements already cancelled are stopping and do not count, so one tick stops at
     * most one more statement.
     */
    private Running hungriestOverBudget() {
        long total = 0;
        long most = -1;
        Running hungriest = null;
        for (Running r : running) {
            if (r.cancelledAt != 0) {
                continue;
            }
            long allocated = THREADS.getThreadAllocatedBytes(r.threadId);
            if (allocated < 0) {
                continue; // the thread has ended
            }
            long delta = allocated - r.allocatedAtStart;
            total += delta;
            if (delta > most) {
                most = delta;
                hungriest = r;
            }
        }
        return total > memoryBudget ? hungriest : null;
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
    }
}
