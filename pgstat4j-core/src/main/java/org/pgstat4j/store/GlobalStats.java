package org.pgstat4j.store;

/**
 * Cluster-wide bgwriter/checkpointer counters ({@code PgStat_GlobalStats}, spec §5.3);
 * checkpoint times in ms. {@code statsTimestamp} is when the global file was last written.
 *
 * <p>The one way to misuse it: adding its checkpoint times to microsecond values. They are
 * kept in milliseconds, as PostgreSQL keeps them.
 */
public final class GlobalStats implements GlobalStatsView {
    public long statsTimestamp;
    public long timedCheckpoints;
    public long requestedCheckpoints;
    public long checkpointWriteTime;
    public long checkpointSyncTime;
    public long bufWrittenCheckpoints;
    public long bufWrittenClean;
    public long maxWrittenClean;
    public long bufWrittenBackend;
    public long bufFsyncBackend;
    public long bufAlloc;
    public long statResetTimestamp;

    /** Zero everything (the write timestamp included), as a bgwriter reset does. */
    public void reset(long now) {
        statsTimestamp = 0;
        timedCheckpoints = 0;
        requestedCheckpoints = 0;
        checkpointWriteTime = 0;
        checkpointSyncTime = 0;
        bufWrittenCheckpoints = 0;
        bufWrittenClean = 0;
        maxWrittenClean = 0;
        bufWrittenBackend = 0;
        bufFsyncBackend = 0;
        bufAlloc = 0;
        statResetTimestamp = now;
    }

    @Override
    public long statsTimestamp() {
        return statsTimestamp;
    }

    @Override
    public long timedCheckpoints() {
        return timedCheckpoints;
    }

    @Override
    public long requestedCheckpoints() {
        return requestedCheckpoints;
    }

    @Override
    public long checkpointWriteTime() {
        return checkpointWriteTime;
    }

    @Override
    public long checkpointSyncTime() {
        return checkpointSyncTime;
    }

    @Override
    public long bufWrittenCheckpoints() {
        return bufWrittenCheckpoints;
    }

    @Override
    public long bufWrittenClean() {
        return bufWrittenClean;
    }

    @Override
    public long maxWrittenClean() {
        return maxWrittenClean;
    }

    @Override
    public long bufWrittenBackend() {
        return bufWrittenBackend;
    }

    @Override
    public long bufFsyncBackend() {
        return bufFsyncBackend;
    }

    @Override
    public long bufAlloc() {
        return bufAlloc;
    }

    @Override
    public long statResetTimestamp() {
        return statResetTimestamp;
    }
}
