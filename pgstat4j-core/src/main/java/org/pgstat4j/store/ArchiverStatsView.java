package org.pgstat4j.store;

/**
 * The archiver counters as readers see them: the getters of {@link ArchiverStats}.
 * Implemented by the mutable object itself (no copy).
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
