package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

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
    public static final int TIMED_CHECKPOINTS = 8;
    public static final int REQUESTED_CHECKPOINTS = 16;
    public static final int BUF_WRITTEN_CHECKPOINTS = 24;
    public static final int BUF_WRITTEN_CLEAN = 32;
    public static final int MAXWRITTEN_CLEAN = 40;
    public static final int BUF_WRITTEN_BACKEND = 48;
    public static final int BUF_FSYNC_BACKEND = 56;
    public static final int BUF_ALLOC = 64;
    public static final int CHECKPOINT_WRITE_TIME = 72;
    public static final int CHECKPOINT_SYNC_TIME = 80;

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
}
