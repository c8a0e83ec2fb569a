package org.pgstat4j.store;

/**
 * The WAL counters as readers see them ({@code walBytes} unsigned, times µs): the getters of
 * {@link WalStats}. Implemented by the mutable object itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link WalStats} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface WalStatsView {
    long walRecords();

    long walFpi();

    long walBytes();

    long walBuffersFull();

    long walWrite();

    long walSync();

    long walWriteTime();

    long walSyncTime();

    long statResetTimestamp();
}
