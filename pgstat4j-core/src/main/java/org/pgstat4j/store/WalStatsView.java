package org.pgstat4j.store;

/**
 * The WAL counters as readers see them ({@code walBytes} unsigned, times µs): the getters of
 * {@link WalStats}. Implemented by the mutable object itself (no copy).
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
