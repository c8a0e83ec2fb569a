package org.pgstat4j.store;

/**
 * Cluster-wide WAL counters ({@code PgStat_WalStats}); {@code walBytes} is unsigned, times µs.
 *
 * <p>The one way to misuse it: reading {@code walBytes} as a signed number. It is unsigned;
 * use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
 */
public final class WalStats implements WalStatsView {
    public long walRecords;
    public long walFpi;
    public long walBytes;
    public long walBuffersFull;
    public long walWrite;
    public long walSync;
    public long walWriteTime;
    public long walSyncTime;
    public long statResetTimestamp;

    public void reset(long now) {
        walRecords = 0;
        walFpi = 0;
        walBytes = 0;
        walBuffersFull = 0;
        walWrite = 0;
        walSync = 0;
        walWriteTime = 0;
        walSyncTime = 0;
        statResetTimestamp = now;
    }

    @Override
    public long walRecords() {
        return walRecords;
    }

    @Override
    public long walFpi() {
        return walFpi;
    }

    @Override
    public long walBytes() {
        return walBytes;
    }

    @Override
    public long walBuffersFull() {
        return walBuffersFull;
    }

    @Override
    public long walWrite() {
        return walWrite;
    }

    @Override
    public long walSync() {
        return walSync;
    }

    @Override
    public long walWriteTime() {
        return walWriteTime;
    }

    @Override
    public long walSyncTime() {
        return walSyncTime;
    }

    @Override
    public long statResetTimestamp() {
        return statResetTimestamp;
    }
}
