package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.GlobalStats;

/**
 * PGSTAT_MTYPE_BGWRITER (14, 88 bytes): bgwriter/checkpointer counters; times in ms.
 *
 * <p>The one way to misuse it: sending running totals. The collector adds each message's
 * counters to its own, so a message carries the counts since the previous one
 * ({@code BgWriterStats} zeroes after each send).
 */
public record BgWriterMessage(long timedCheckpoints, long requestedCheckpoints,
                              long bufWrittenCheckpoints, long bufWrittenClean,
                              long maxWrittenClean, long bufWrittenBackend, long bufFsyncBackend,
                              long bufAlloc, long checkpointWriteTime,
                              long checkpointSyncTime) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_timed_checkpoints. */
    public static final int TIMED_CHECKPOINTS = LAYOUT.int64();
    /** m_requested_checkpoints. */
    public static final int REQUESTED_CHECKPOINTS = LAYOUT.int64();
    /** m_buf_written_checkpoints. */
    public static final int BUF_WRITTEN_CHECKPOINTS = LAYOUT.int64();
    /** m_buf_written_clean. */
    public static final int BUF_WRITTEN_CLEAN = LAYOUT.int64();
    /** m_maxwritten_clean. */
    public static final int MAXWRITTEN_CLEAN = LAYOUT.int64();
    /** m_buf_written_backend. */
    public static final int BUF_WRITTEN_BACKEND = LAYOUT.int64();
    /** m_buf_fsync_backend. */
    public static final int BUF_FSYNC_BACKEND = LAYOUT.int64();
    /** m_buf_alloc. */
    public static final int BUF_ALLOC = LAYOUT.int64();
    /** m_checkpoint_write_time (ms). */
    public static final int CHECKPOINT_WRITE_TIME = LAYOUT.int64();
    /** m_checkpoint_sync_time (ms). */
    public static final int CHECKPOINT_SYNC_TIME = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.BGWRITER;
    }

    public void encodeBody(ByteBuffer b) {
        b.putLong(TIMED_CHECKPOINTS, timedCheckpoints);
        b.putLong(REQUESTED_CHECKPOINTS, requestedCheckpoints);
        b.putLong(BUF_WRITTEN_CHECKPOINTS, bufWrittenCheckpoints);
        b.putLong(BUF_WRITTEN_CLEAN, bufWrittenClean);
        b.putLong(MAXWRITTEN_CLEAN, maxWrittenClean);
        b.putLong(BUF_WRITTEN_BACKEND, bufWrittenBackend);
        b.putLong(BUF_FSYNC_BACKEND, bufFsyncBackend);
        b.putLong(BUF_ALLOC, bufAlloc);
        b.putLong(CHECKPOINT_WRITE_TIME, checkpointWriteTime);
        b.putLong(CHECKPOINT_SYNC_TIME, checkpointSyncTime);
    }

    static BgWriterMessage decode(ByteBuffer b) {
        return new BgWriterMessage(b.getLong(TIMED_CHECKPOINTS), b.getLong(REQUESTED_CHECKPOINTS),
                b.getLong(BUF_WRITTEN_CHECKPOINTS), b.getLong(BUF_WRITTEN_CLEAN),
                b.getLong(MAXWRITTEN_CLEAN), b.getLong(BUF_WRITTEN_BACKEND),
                b.getLong(BUF_FSYNC_BACKEND), b.getLong(BUF_ALLOC),
                b.getLong(CHECKPOINT_WRITE_TIME), b.getLong(CHECKPOINT_SYNC_TIME));
    }

    /** The handler: the counts are added to the cluster's bgwriter statistics. */
    void apply(ApplyContext c, long now) {
        GlobalStats g = c.store().global();
        g.timedCheckpoints += timedCheckpoints;
        g.requestedCheckpoints += requestedCheckpoints;
        g.bufWrittenCheckpoints += bufWrittenCheckpoints;
        g.bufWrittenClean += bufWrittenClean;
        g.maxWrittenClean += maxWrittenClean;
        g.bufWrittenBackend += bufWrittenBackend;
        g.bufFsyncBackend += bufFsyncBackend;
        g.bufAlloc += bufAlloc;
        g.checkpointWriteTime += checkpointWriteTime;
        g.checkpointSyncTime += checkpointSyncTime;
    }
}
