package org.pgstat4j.server.sql.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFileReader;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

/**
 * A read-only {@link StatsService} over a copy of a running PostgreSQL 14's own statistics
 * files ({@code pg_stat_tmp/}, the files its backends read), taken right after a PostgreSQL
 * backend loaded its snapshot from them. pgstat4j's readers then load the very bytes the
 * PostgreSQL backend loaded: both sides hold the same statistics by construction, so every
 * difference in an answer is a difference of the SQL layer.
 *
 * <p>Invariant: the files never change after {@link #copy}; the readers' clock is the files'
 * own timestamp, so the snapshot is always fresh and no inquiry is needed.
 */
final class Pg14FilesService implements StatsService {
    private final Catalog catalog;
    private final int databaseId;
    private final StatsFiles files;
    private final long fileTimestamp;

    private Pg14FilesService(Catalog catalog, int databaseId, Path dir) {
        this.catalog = catalog;
        this.databaseId = databaseId;
        this.files = new StatsFiles(dir, dir);
        Long ts = StatsFileReader.readDatabaseTimestamp(dir, databaseId);
        if (ts == null) {
            throw new IllegalStateException("no statistics of database " + databaseId + " in " + dir);
        }
        this.fileTimestamp = ts;
    }

    /** Copies PostgreSQL's {@code pg_stat_tmp} into {@code into} and serves it as {@code databaseId} sees it. */
    static Pg14FilesService copy(Path pgStatTmp, Path into, Catalog catalog, int databaseId) throws IOException {
        Files.createDirectories(into);
        try (Stream<Path> s = Files.list(pgStatTmp)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".stat")).toList()) {
                Files.copy(p, into.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new Pg14FilesService(catalog, databaseId, into);
    }

    /** The collector's write time in the copied files (PostgreSQL timestamp, µs since 2000). */
    long statsTimestamp() {
        return StatsFileReader.readAll(files.tempDir(), fileTimestamp).global().statsTimestamp;
    }

    @Override
    public int databaseId() {
        return databaseId;
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public SnapshotReader newReader() {
        return new SnapshotReader(files, StatsSender.disabled(), databaseId, SnapshotReader.Mode.BACKEND,
                () -> fileTimestamp, ms -> { });
    }

    @Override
    public StatsSender sender() {
        return StatsSender.disabled();
    }

    @Override
    public Health health() {
        return new Health(0, 0, 0, Map.of(), 0, -1, 0, 0, true);
    }

    @Override
    public boolean writable() {
        return false;
    }
}
