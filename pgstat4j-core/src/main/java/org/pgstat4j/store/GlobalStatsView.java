package org.pgstat4j.store;

/**
 * The bgwriter/checkpointer counters as readers see them: the getters of
 * {@link GlobalStats}. Implemented by the mutable object itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link GlobalStats} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface GlobalStatsView {
    long statsTimestamp();

    long timedCheckpoints();

    long requestedCheckpoints();

    long checkpointWriteTime();

    long checkpointSyncTime();

    long bufWrittenCheckpoints();

    long bufWrittenClean();

    long maxWrittenClean();

    long bufWrittenBackend();

    long bufFsyncBackend();

    long bufAlloc();

    long statResetTimestamp();
}
