package org.pgstat4j.store;

/**
 * One SLRU slot's counters as readers see them: the getters of {@link SlruStats}.
 * Implemented by the mutable object itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link SlruStats} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
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
