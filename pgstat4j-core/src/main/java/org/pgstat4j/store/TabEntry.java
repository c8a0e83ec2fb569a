package org.pgstat4j.store;

/**
 * One table's or index's statistics ({@code PgStat_StatTabEntry}, spec §5.3). Field order
 * follows the {@code 'T'} record of the per-database stats file (spec §6.6), less the record's
 * one unused counter (never maintained by PostgreSQL 14, always written as 0), which would
 * cost 8 bytes per table: 21 counters and the OID, 184 bytes with the object header.
 *
 * <p>The one way to misuse it: handing the entry itself to a reader. Readers get
 * {@link TabEntryView}; only the collector's handlers write, on the collector's thread.
 */
public final class TabEntry implements TabEntryView {
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

    @Override
    public int tableId() {
        return tableId;
    }

    @Override
    public long numScans() {
        return numScans;
    }

    @Override
    public long tuplesReturned() {
        return tuplesReturned;
    }

    @Override
    public long tuplesFetched() {
        return tuplesFetched;
    }

    @Override
    public long tuplesInserted() {
        return tuplesInserted;
    }

    @Override
    public long tuplesUpdated() {
        return tuplesUpdated;
    }

    @Override
    public long tuplesDeleted() {
        return tuplesDeleted;
    }

    @Override
    public long tuplesHotUpdated() {
        return tuplesHotUpdated;
    }

    @Override
    public long nLiveTuples() {
        return nLiveTuples;
    }

    @Override
    public long nDeadTuples() {
        return nDeadTuples;
    }

    @Override
    public long changesSinceAnalyze() {
        return changesSinceAnalyze;
    }

    @Override
    public long insertsSinceVacuum() {
        return insertsSinceVacuum;
    }

    @Override
    public long blocksFetched() {
        return blocksFetched;
    }

    @Override
    public long blocksHit() {
        return blocksHit;
    }

    @Override
    public long vacuumTimestamp() {
        return vacuumTimestamp;
    }

    @Override
    public long vacuumCount() {
        return vacuumCount;
    }

    @Override
    public long autovacVacuumTimestamp() {
        return autovacVacuumTimestamp;
    }

    @Override
    public long autovacVacuumCount() {
        return autovacVacuumCount;
    }

    @Override
    public long analyzeTimestamp() {
        return analyzeTimestamp;
    }

    @Override
    public long analyzeCount() {
        return analyzeCount;
    }

    @Override
    public long autovacAnalyzeTimestamp() {
        return autovacAnalyzeTimestamp;
    }

    @Override
    public long autovacAnalyzeCount() {
        return autovacAnalyzeCount;
    }
}
