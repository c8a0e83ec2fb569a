package org.pgstat4j.collector;

/**
 * One table's or index's statistics ({@code PgStat_StatTabEntry}, spec §5.3). Field order
 * follows the {@code 'T'} record of the per-database stats file (spec §6.6).
 *
 * <p>The one way to misuse it: writing to a snapshot's copy. Its fields are public for speed;
 * a snapshot may be shared, and its entries are read-only by contract.
 */
public final class TabEntry {
    public final int tableId;
    public long numScans;
    public long tuplesReturned;
    public long tuplesFetched;
    public long tuplesInserted;
    public long tuplesUpdated;
    public long tuplesDeleted;
    public long tuplesHotUpdated;
    public long nLiveTuples;
    public long nDeadTuples;
    public long changesSinceAnalyze;
    /** Kept for PostgreSQL 14's file layout; never maintained, always written as 0. */
    public long unusedCounter;
    public long insertsSinceVacuum;
    public long blocksFetched;
    public long blocksHit;
    public long vacuumTimestamp;
    public long vacuumCount;
    public long autovacVacuumTimestamp;
    public long autovacVacuumCount;
    public long analyzeTimestamp;
    public long analyzeCount;
    public long autovacAnalyzeTimestamp;
    public long autovacAnalyzeCount;

    public TabEntry(int tableId) {
        this.tableId = tableId;
    }
}
