package org.pgstat4j.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pgstat4j.store.StatsStore;

/**
 * Exports statistics as PostgreSQL 14 wrote them at clean shutdown: reads a stats directory
 * as a reader does — every database, change frames applied ({@link DeltaFrames}) — and writes
 * a {@code pg_stat/}-style directory whose files are exactly PostgreSQL 14's layout, without
 * frames. The source is never changed.
 *
 * <p>The one way to misuse it: exporting from a directory a collector is writing. Export a
 * stopped server's directory, or a copy; a file replaced mid-read is read as it was when opened.
 */
public final class StatsExport {
    private StatsExport() {
    }

    /**
     * Writes what {@code from} holds to {@code to} ({@code global.stat} and one
     * {@code db_<oid>.stat} per database); returns the statistics written.
     *
     * @param now reset timestamp for shared structs when {@code from} has no global file
     */
    public static StatsStore export(Path from, Path to, long now) throws IOException {
        StatsStore store = StatsFileReader.readAll(from, now);
        Files.createDirectories(to);
        // a checkpoint-kind write: every database, whole files, timestamps as read, nothing removed in from
        new StatsFiles(to, from).writeCheckpoint(store, now);
        return store;
    }
}
