package org.pgstat4j.backend;

import org.pgstat4j.protocol.BgWriterMessage;

/**
 * The background writer's and checkpointer's counters ({@code BgWriterStats},
 * {@code pgstat_send_bgwriter}, spec §4.11). Checkpoint write and sync times are in
 * milliseconds. Invariant: an all-zero body is never sent; a sent body is zeroed.
 * Owned by one process thread.
 *
 * <p>The one way to misuse it: counting on it from several threads. It belongs to one process
 * thread and is not synchronised.
 */
public final class BgWriterStats {
    private final Outbox out;

    private long timedCheckpoints;
    private long requestedCheckpoints;
    private long bufWrittenCheckpoints;
    private long bufWrittenClean;
    private long maxWrittenClean;
    private long bufWrittenBackend;
    private long bufFsyncBackend;
    private long bufAlloc;
    private long checkpointWriteTime;
    private long checkpointSyncTime;

    BgWriterStats(Outbox out) {
        this.out = out;
    }

    public void countTimedCheckpoint() {
        timedCheckpoints++;
    }

    /** A requested checkpoint (the shutdown checkpoint counts as requested). */
    public void countRequestedCheckpoint() {
        requestedCheckpoints++;
    }

    public void countBuffersWrittenByCheckpoint(long n) {
        bufWrittenCheckpoints += n;
    }

    public void countBuffersWrittenByBgWriter(long n) {
        bufWrittenClean += n;
    }

    /** The bgwriter stopped a round because it reached {@code bgwriter_lru_maxpages}. */
    public void countMaxWrittenClean() {
        maxWrittenClean++;
    }

    public void countBuffersWrittenByBackends(long n) {
        bufWrittenBackend += n;
    }

    public void countBufferFsyncsByBackends(long n) {
        bufFsyncBackend += n;
    }

    public void countBuffersAllocated(long n) {
        bufAlloc += n;
    }

    public void addCheckpointWriteTime(long millis) {
        checkpointWriteTime += millis;
    }

    public void addCheckpointSyncTime(long millis) {
        checkpointSyncTime += millis;
    }

    /** Sends the counters if any is non-zero, then zeroes them. Returns whether it sent. */
    public boolean send() {
        if (timedCheckpoints == 0 && requestedCheckpoints == 0 && bufWrittenCheckpoints == 0
                && bufWrittenClean == 0 && maxWrittenClean == 0 && bufWrittenBackend == 0
                && bufFsyncBackend == 0 && bufAlloc == 0 && checkpointWriteTime == 0
                && checkpointSyncTime == 0) {
            return false;
        }
        out.send(new BgWriterMessage(timedCheckpoints, requestedCheckpoints, bufWrittenCheckpoints,
                bufWrittenClean, maxWrittenClean, bufWrittenBackend, bufFsyncBackend, bufAlloc,
                checkpointWriteTime, checkpointSyncTime));
        timedCheckpoints = 0;
        requestedCheckpoints = 0;
        bufWrittenCheckpoints = 0;
        bufWrittenClean = 0;
        maxWrittenClean = 0;
        bufWrittenBackend = 0;
        bufFsyncBackend = 0;
        bufAlloc = 0;
        checkpointWriteTime = 0;
        checkpointSyncTime = 0;
        return true;
    }
}
