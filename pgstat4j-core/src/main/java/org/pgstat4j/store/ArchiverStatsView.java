package org.pgstat4j.store;

/**
 * The archiver counters as readers see them: the getters of {@link ArchiverStats}.
 * Implemented by the mutable object itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link ArchiverStats} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface ArchiverStatsView {
    long archivedCount();

    String lastArchivedWal();

    long lastArchivedTimestamp();

    long failedCount();

    String lastFailedWal();

    long lastFailedTimestamp();

    long statResetTimestamp();
}
