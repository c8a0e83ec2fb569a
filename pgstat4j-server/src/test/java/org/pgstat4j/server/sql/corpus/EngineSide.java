package org.pgstat4j.server.sql.corpus;

/**
 * An alternative SQL engine of the engine-choice experiment, holding one pgstat4j snapshot's
 * views and catalog tables; answers carry names and values as PostgreSQL text, no type OIDs.
 */
interface EngineSide extends AutoCloseable {
    /** Time it took to copy the snapshot in. */
    long loadNanos();

    QueryResult run(String sql);

    @Override
    void close() throws Exception;
}
