package org.pgstat4j.store;

/**
 * Where the collector's state goes and comes from: the stats files (spec §6). The collector
 * knows only this interface; {@code org.pgstat4j.storage} implements it with PostgreSQL 14's
 * file layout.
 *
 * <p>The one way to misuse it: an implementation that writes files in place. Readers must
 * never see a torn file: write under a temporary name and rename, as {@code StatsFiles} does.
 */
public interface StatsPersistence {
    /**
     * Writes the temporary global file and the files of the requested databases (spec §6.3,
     * {@code permanent = false}), stamping their {@code statsTimestamp} with {@code now}.
     * Returns false if nothing could be written, so the requests stay pending.
     */
    boolean writeTemporary(StatsStore store, RequestedDatabases requests, long now);

    /** Writes every database to the permanent directory (clean shutdown, checkpoints). */
    void writePermanent(StatsStore store, long now);

    /**
     * Loads the collector's start-up state into a new live store (spec §6.4, collector start):
     * for the file layout, the newest complete files of the permanent and temporary directories,
     * which stay in place until replaced; an empty store with reset timestamps {@code now} if
     * there are none.
     */
    StatsStore loadPermanent(long now);

    /** Deletes a dropped database's temporary file. */
    void removeTemporaryDatabaseFile(int databaseId);

    /** For tests and embedded use: keeps everything in memory, writes nothing. */
    StatsPersistence NONE = new StatsPersistence() {
        public boolean writeTemporary(StatsStore store, RequestedDatabases requests, long now) {
            store.global().statsTimestamp = now;
            store.databases().forEachValue(d -> {
                if (requests.isRequested(d.databaseId)) {
                    d.statsTimestamp = now;
                }
            });
            return true;
        }

        public void writePermanent(StatsStore store, long now) {
        }

        public StatsStore loadPermanent(long now) {
            return StatsStore.empty(now);
        }

        public void removeTemporaryDatabaseFile(int databaseId) {
        }
    };
}
