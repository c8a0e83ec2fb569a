package org.pgstat4j.server.workload;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.BackendState;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.server.workload.Session.TransactionState;

/**
 * A session's transaction machinery, PostgreSQL's {@code xact.c} as statistics see it: which
 * statements run in which transaction, what ends a transaction and how, savepoints, the
 * failed-block state, two-phase commit, and the idle points where the backend reports.
 *
 * <p>Every statement goes through {@link #run}: outside a block it is a transaction of its
 * own; a statement that throws aborts its transaction (or, inside a block with savepoints,
 * the innermost one) and leaves a block FAILED. Whenever the session becomes idle outside a
 * block it calls {@code reportStat(false)} before reporting the idle state, as PostgreSQL's
 * main loop does before ReadyForQuery.
 *
 * <p>Invariants: the backend's nesting level equals {@code savepoints.size() + 1} except in a
 * block that failed inside a savepoint (then one less); heap changes and backend counts end
 * together. Confined to the session's thread.
 */
final class TransactionBlock {
    private final String sessionName;
    private final Schema schema;
    private final Backend backend;
    private final TransactionChanges changes;

    private TransactionState state = TransactionState.IDLE;
    /** In FAILED: whether the top level already aborted (no savepoint to return to). */
    private boolean topLevelAborted;
    /** Savepoint names; the one at index i is nesting level i + 2. */
    private final List<String> savepoints = new ArrayList<>();
    private int statementDepth;
    private boolean closed;

    TransactionBlock(String sessionName, Schema schema, Backend backend, TransactionChanges changes) {
        this.sessionName = sessionName;
        this.schema = schema;
        this.backend = backend;
        this.changes = changes;
    }

    TransactionState state() {
        return state;
    }

    boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("session " + sessionName + " is closed");
        }
    }

    /** Runs {@code body} as one statement, or as part of the statement already running. */
    void run(Runnable body) {
        requireOpen();
        if (statementDepth > 0) {
            statementDepth++;
            try {
                body.run();
            } finally {
                statementDepth--;
            }
            return;
        }
        if (state == TransactionState.FAILED) {
            throw new SqlStateException("25P02",
                    "current transaction is aborted, commands ignored until end of transaction block", null);
        }
        boolean implicit = state == TransactionState.IDLE;
        backend.session().reportActivity(BackendState.RUNNING);
        statementDepth = 1;
        try {
            body.run();
        } catch (RuntimeException e) {
            statementDepth = 0;
            fail(implicit);
            throw e;
        } finally {
            statementDepth = 0;
        }
        if (implicit) {
            endTransaction(true);
        }
        readyForQuery();
    }

    /** The running statement failed: its transaction (or innermost savepoint) aborts. */
    private void fail(boolean implicit) {
        if (implicit) {
            endTransaction(false);
        } else if (!savepoints.isEmpty() && changes.level() > 1) {
            backend.rollbackSubTransaction();
            changes.abortSubTransaction();
            state = TransactionState.FAILED;
            topLevelAborted = false;
        } else {
            backend.rollbackTransaction();
            changes.abort();
            state = TransactionState.FAILED;
            topLevelAborted = true;
        }
        readyForQuery();
    }

    private void endTransaction(boolean commit) {
        savepoints.clear();
        if (commit) {
            backend.commitTransaction();
            changes.commit();
        } else {
            backend.rollbackTransaction();
            changes.abort();
        }
        state = TransactionState.IDLE;
    }

    /** What PostgreSQL's main loop does before ReadyForQuery. */
    private void readyForQuery() {
        switch (state) {
            case IDLE -> {
                backend.reportStat(false);
                backend.session().reportActivity(BackendState.IDLE);
            }
            case IN_TRANSACTION -> backend.session().reportActivity(BackendState.IDLE_IN_TRANSACTION);
            case FAILED -> backend.session().reportActivity(BackendState.IDLE_IN_TRANSACTION_ABORTED);
        }
    }

    /** A transaction control statement (BEGIN, COMMIT, ROLLBACK, PREPARE). */
    private void control(Runnable body) {
        requireOpen();
        if (statementDepth > 0) {
            throw new IllegalStateException("transaction control cannot be part of another statement");
        }
        backend.session().reportActivity(BackendState.RUNNING);
        body.run();
        readyForQuery();
    }

    /**
     * For a statement that must be a transaction of its own; call it inside the statement, so
     * that, as in PostgreSQL, the error aborts the surrounding block.
     *
     * @throws SqlStateException 25001 inside a transaction block or inside another statement
     */
    void requireNoBlock(String command) {
        if (state != TransactionState.IDLE || statementDepth > 1) {
            throw new SqlStateException("25001", command + " cannot run inside a transaction block", null);
        }
    }

    void begin() {
        if (state == TransactionState.FAILED) {
            run(() -> { });
        }
        control(() -> state = TransactionState.IN_TRANSACTION);
    }

    void commit() {
        control(() -> {
            switch (state) {
                case IDLE, IN_TRANSACTION -> endTransaction(true);
                case FAILED -> finishFailedBlock();
            }
        });
    }

    void rollback() {
        control(() -> {
            if (state == TransactionState.FAILED) {
                finishFailedBlock();
            } else {
                endTransaction(false);
            }
        });
    }

    private void finishFailedBlock() {
        if (topLevelAborted) {
            savepoints.clear();
            state = TransactionState.IDLE;
        } else {
            endTransaction(false);
        }
    }

    /** @throws SqlStateException 25P01 outside a transaction block (the statement's own transaction aborts) */
    private void requireBlock(String command) {
        if (state == TransactionState.IDLE) {
            throw new SqlStateException("25P01", command + " can only be used in transaction blocks", null);
        }
    }

    void savepoint(String savepoint) {
        run(() -> {
            requireBlock("SAVEPOINT");
            backend.beginSubTransaction();
            changes.beginSubTransaction();
            savepoints.add(savepoint);
        });
    }

    void release(String savepoint) {
        run(() -> {
            requireBlock("RELEASE SAVEPOINT");
            int level = savepointLevel(savepoint);
            while (backend.nestLevel() >= level) {
                backend.commitSubTransaction();
                changes.commitSubTransaction();
            }
            savepoints.subList(level - 2, savepoints.size()).clear();
        });
    }

    void rollbackTo(String savepoint) {
        if (state == TransactionState.FAILED && !topLevelAborted) {
            state = TransactionState.IN_TRANSACTION;
        }
        run(() -> {
            requireBlock("ROLLBACK TO SAVEPOINT");
            int level = savepointLevel(savepoint);
            while (backend.nestLevel() >= level) {
                backend.rollbackSubTransaction();
                changes.abortSubTransaction();
            }
            savepoints.subList(level - 1, savepoints.size()).clear();
            backend.beginSubTransaction();
            changes.beginSubTransaction();
        });
    }

    private int savepointLevel(String savepoint) {
        int i = savepoints.lastIndexOf(savepoint);
        if (i < 0) {
            throw new SqlStateException("3B001", "savepoint \"" + savepoint + "\" does not exist", null);
        }
        return i + 2;
    }

    void prepare(String gid) {
        PreparedTransactions registry = schema.cluster().preparedTransactions();
        control(() -> {
            switch (state) {
                case IDLE -> endTransaction(true);
                case FAILED -> finishFailedBlock();
                case IN_TRANSACTION -> {
                    if (registry.contains(gid)) {
                        endTransaction(false);
                        throw PreparedTransactions.inUse(gid);
                    }
                    List<TransactionChanges.Prepared> heap = changes.prepare();
                    registry.add(new PreparedTransactions.Prepared(gid, schema.oid(),
                            backend.prepareTransaction(), heap));
                    savepoints.clear();
                    state = TransactionState.IDLE;
                }
            }
        });
    }

    void finishPrepared(String gid, boolean commit) {
        run(() -> {
            requireNoBlock(commit ? "COMMIT PREPARED" : "ROLLBACK PREPARED");
            PreparedTransactions.Prepared p = schema.cluster().preparedTransactions().take(gid, schema.oid());
            if (commit) {
                backend.commitPrepared(p.records());
                p.heap().forEach(TransactionChanges.Prepared::commit);
            } else {
                backend.rollbackPrepared(p.records());
                p.heap().forEach(TransactionChanges.Prepared::rollback);
            }
        });
    }

    /** The session ends: an open transaction aborts (before the final report). Idempotent. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        if (state == TransactionState.IN_TRANSACTION || state == TransactionState.FAILED && !topLevelAborted) {
            endTransaction(false);
        }
        state = TransactionState.IDLE;
        return true;
    }
}
