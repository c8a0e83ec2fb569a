package org.pgstat4j.store;

/**
 * One SLRU slot's counters as readers see them: the getters of {@link SlruStats}.
 * Implemented by the mutable object itself (no copy).
 */
public interface SlruStatsView {
    long blocksZeroed();

    long blocksHit();

    long blocksRead();

    long blocksWritten();

    long blocksExists();

    long flush();

    long truncate();

    long statResetTimestamp();
}
