package org.pgstat4j.store;

/**
 * One table's or index's statistics as readers see them: the getters of {@link TabEntry},
 * each returning the field of the same name. Implemented by the mutable entry itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link TabEntry} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface TabEntryView {
    int tableId();

    long numScans();

    long tuplesReturned();

    long tuplesFetched();

    long tuplesInserted();

    long tuplesUpdated();

    long tuplesDeleted();

    long tuplesHotUpdated();

    long nLiveTuples();

    long nDeadTuples();

    long changesSinceAnalyze();

    long insertsSinceVacuum();

    long blocksFetched();

    long blocksHit();

    long vacuumTimestamp();

    long vacuumCount();

    long autovacVacuumTimestamp();

    long autovacVacuumCount();

    long analyzeTimestamp();

    long analyzeCount();

    long autovacAnalyzeTimestamp();

    long autovacAnalyzeCount();
}
