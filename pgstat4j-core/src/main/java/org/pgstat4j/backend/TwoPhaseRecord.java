package org.pgstat4j.backend;

/**
 * The statistics state of one table in a prepared transaction (PostgreSQL's 2PC record of
 * resource manager {@code TWOPHASE_RM_PGSTAT_ID}, spec §4.5): the top-level counts at
 * PREPARE time, the counts saved before a TRUNCATE, and whether the transaction truncated.
 *
 * <p>{@link Backend#prepareTransaction()} produces them; any backend applies them with
 * {@link Backend#commitPrepared} or {@link Backend#rollbackPrepared}. A plain value: the
 * owner of the prepared transaction stores it with the transaction's other state.
 *
 * <p>The one way to misuse it: applying the records of one prepared transaction twice (commit,
 * then rollback; or on two backends). Each application counts again; the owner of the prepared
 * transaction applies them exactly once.
 */
public record TwoPhaseRecord(int tableOid, boolean shared, long tuplesInserted,
                             long tuplesUpdated, long tuplesDeleted, long insertedPreTruncate,
                             long updatedPreTruncate, long deletedPreTruncate,
                             boolean truncated) {
}
