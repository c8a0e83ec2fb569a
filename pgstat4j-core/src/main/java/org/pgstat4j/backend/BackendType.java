package org.pgstat4j.backend;

/**
 * The kind of process a {@link Backend} counts for. PostgreSQL treats them differently:
 * only client backends report session statistics and CONNECT/DISCONNECT (spec §4.10),
 * parallel workers do not count commits and rollbacks (§4.4), and VACUUM/ANALYZE reports
 * carry an "autovacuum" flag for autovacuum workers (§4.6).
 *
 * <p>The one way to misuse it: building a host's client sessions with another type, or its
 * background work as {@link #CLIENT_BACKEND}. The type decides whether CONNECT, DISCONNECT and
 * session times are sent and whether commits count, so {@code pg_stat_database}'s session and
 * transaction columns go wrong.
 */
public enum BackendType {
    CLIENT_BACKEND,
    AUTOVACUUM_LAUNCHER,
    AUTOVACUUM_WORKER,
    PARALLEL_WORKER,
    BACKGROUND_WORKER,
    LOGICAL_REPLICATION_WORKER,
    WAL_SENDER,
    BGWRITER,
    CHECKPOINTER,
    WAL_WRITER,
    ARCHIVER;

    /** Whether this process reports session counts, CONNECT and DISCONNECT. */
    public boolean reportsSessions() {
        return this == CLIENT_BACKEND;
    }

    /** Whether its transaction ends count as commits/rollbacks of its database. */
    public boolean countsTransactions() {
        return this != PARALLEL_WORKER;
    }

    /** Whether its VACUUM and ANALYZE reports are flagged as autovacuum's. */
    public boolean isAutovacuumWorker() {
        return this == AUTOVACUUM_WORKER;
    }
}
