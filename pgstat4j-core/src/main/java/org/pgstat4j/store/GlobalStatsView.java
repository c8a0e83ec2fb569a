package org.pgstat4j.store;

/**
 * The bgwriter/checkpointer counters as readers see them: the getters of
 * {@link GlobalStats}. Implemented by the mutable object itself (no copy).
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
