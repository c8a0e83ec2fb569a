package org.pgstat4j.server.top;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.ReadOnlyStatsService;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

/**
 * A {@link ReadOnlyStatsService} over the stats files of a data directory
 * ({@code DIR/pg_stat_tmp}), for a process that cannot reach the server's collector: it reads
 * the files the collector last wrote and accepts them as they are, however old, since it has
 * no way to ask for newer ones. Its readers send no inquiry (their sender is
 * {@link StatsSender#disabled()}) and do not wait: their clock is the file's own timestamp,
 * so the file always counts as fresh.
 *
 * <p>When a process can attach to the server's statistics socket, a service whose readers
 * send real inquiries replaces this one; {@code top} and {@code views} only see the
 * {@link StatsService} interface.
 */
public final class DataDirStatsService extends ReadOnlyStatsService {
    private DataDirStatsService(StatsFiles files, Catalog catalog, int databaseId) {
        super(files, catalog, databaseId);
    }

    /**
     * The statistics of {@code dataDir} as database {@code databaseId} sees them.
     *
     * @throws NoSuchFileException if the directory holds no stats files
     */
    public static DataDirStatsService open(Path dataDir, Catalog catalog, int databaseId) throws NoSuchFileException {
        StatsFiles files = files(dataDir);
        if (files.readDatabaseTimestamp(databaseId) == null) {
            throw new NoSuchFileException(files.tempDir().resolve(org.pgstat4j.storage.StatsFileFormat.GLOBAL_STAT).toString(), null,
                    "no statistics file: the collector writes it when a reader asks for statistics; "
                            + "is a pgstat4j server running on this data directory?");
        }
        return new DataDirStatsService(files, catalog, databaseId);
    }

    /** The stats files of a data directory ({@code pg_stat} and {@code pg_stat_tmp}). */
    static StatsFiles files(Path dataDir) throws NoSuchFileException {
        Path tmp = dataDir.resolve("pg_stat_tmp");
        if (!Files.isDirectory(tmp)) {
            throw new NoSuchFileException(tmp.toString(), null,
                    "no such directory: is " + dataDir + " the data directory of a pgstat4j server?");
        }
        return new StatsFiles(dataDir.resolve("pg_stat"), tmp);
    }

    @Override
    public SnapshotReader newReader() {
        LongSupplier fileClock = () -> {
            Long ts = files.readDatabaseTimestamp(databaseId());
            return ts != null ? ts : PgTimestamps.now();
        };
        return new SnapshotReader(files, sender(), databaseId(), SnapshotReader.Mode.BACKEND,
                fileClock, Thread::sleep);
    }

    /** Nothing of the collector's own counters is in the files: every count is unknown (-1). */
    @Override
    public Health health() {
        return new Health(-1, -1, -1, Map.of(), -1, -1, -1, -1, files.readDatabaseTimestamp(databaseId()) != null);
    }
}
