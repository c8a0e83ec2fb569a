package org.pgstat4j.store;

/**
 * WAL archiver counters ({@code PgStat_ArchiverStats}); WAL names are up to 40 characters.
 *
 * <p>The one way to misuse it: reading an empty WAL name or a 0 timestamp as a value. Both
 * mean "never" (the views show NULL): nothing was archived, or nothing failed, since the last
 * reset.
 */
public final class ArchiverStats implements ArchiverStatsView {
    public long archivedCount;
    public String lastArchivedWal = "";
    public long lastArchivedTimestamp;
    public long failedCount;
    public String lastFailedWal = "";
    public long lastFailedTimestamp;
    public long statResetTimestamp;

    public void reset(long now) {
        archivedCount = 0;
        lastArchivedWal = "";
        lastArchivedTimestamp = 0;
        failedCount = 0;
        lastFailedWal = "";
        lastFailedTimestamp = 0;
        statResetTimestamp = now;
    }

    @Override
    public long archivedCount() {
        return archivedCount;
    }

    @Override
    public String lastArchivedWal() {
        return lastArchivedWal;
    }

    @Override
    public long lastArchivedTimestamp() {
        return lastArchivedTimestamp;
    }

    @Override
    public long failedCount() {
        return failedCount;
    }

    @Override
    public String lastFailedWal() {
        return lastFailedWal;
    }

    @Override
    public long lastFailedTimestamp() {
        return lastFailedTimestamp;
    }

    @Override
    public long statResetTimestamp() {
        return statResetTimestamp;
    }
}
