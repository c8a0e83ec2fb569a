package org.pgstat4j.server.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.workload.Cluster;
import org.pgstat4j.server.workload.Index;
import org.pgstat4j.server.workload.Observer;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.SqlFunction;
import org.pgstat4j.server.workload.Table;
import org.pgstat4j.storage.StatsFiles;

/**
 * What one permutation of a scenario runs against: a real statistics system
 * ({@link EmbeddedStats}: socket, collector thread, stats files) in a directory of its own,
 * a cluster with one database {@code regression}, the scenario's sessions by name, an
 * {@link Observer} that looks without being counted, a {@link ManualClock} for sessions that
 * want one, and a small memory for baselines. Also the server-level events of persistence
 * scenarios: clean restart, crash, collector crash.
 */
final class World implements AutoCloseable {
    private final Path dir;
    private Path dataDir;
    private EmbeddedStats stats;
    private final Cluster cluster;
    private final Schema db;
    private Observer observer;
    private final ManualClock clock = new ManualClock();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Object> memory = new HashMap<>();
    private int generation;

    private World(Path dir) throws IOException {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.stats = EmbeddedStats.start(dataDir);
        this.cluster = new Cluster(stats);
        this.db = cluster.createDatabase("regression");
        this.observer = db.observer();
    }

    static World start(Path dir) {
        try {
            return new World(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Cluster cluster() {
        return cluster;
    }

    Schema db() {
        return db;
    }

    EmbeddedStats stats() {
        return stats;
    }

    Path dataDir() {
        return dataDir;
    }

    ManualClock clock() {
        return clock;
    }

    Observer observer() {
        return observer;
    }

    Table table(String name) {
        return db.table(name);
    }

    Index index(String name) {
        return db.index(name);
    }

    SqlFunction function(String name) {
        return db.function(name);
    }

    Session session(String name) {
        Session s = sessions.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no session " + name + " in this scenario");
        }
        return s;
    }

    void putSession(String name, Session s) {
        sessions.put(name, s);
    }

    /** Waits until everything the sessions sent is in the files readers load. */
    void settle() {
        observer.awaitQuiescence();
    }

    /** {@code pg_stat_user_tables} row of {@code relname}, through the observer. */
    Map<String, Object> tableRow(String relname) {
        Map<String, Object> r = observer.row("pg_stat_user_tables", relname);
        if (r == null) {
            throw new AssertionError("pg_stat_user_tables has no row for " + relname);
        }
        return r;
    }

    long tableValue(String relname, String column) {
        return ((Number) tableRow(relname).get(column)).longValue();
    }

    /** {@code pg_stat_database} row of the scenario's database, through the observer. */
    Map<String, Object> databaseRow() {
        return observer.row("pg_stat_database", db.name());
    }

    /** {@code pg_stat_database} row of the database called {@code datname}, or null. */
    Map<String, Object> databaseRowOf(String datname) {
        return observer.row("pg_stat_database", datname);
    }

    long databaseValue(String column) {
        return ((Number) databaseRow().get(column)).longValue();
    }

    void remember(String key, Object value) {
        memory.put(key, value);
    }

    @SuppressWarnings("unchecked")
    <T> T recall(String key) {
        if (!memory.containsKey(key)) {
            throw new IllegalStateException("nothing remembered as " + key);
        }
        return (T) memory.get(key);
    }

    private void closeSessions() {
        sessions.values().forEach(Session::close);
    }

    /** Clean shutdown: sessions exit first (final flushes), then the collector writes its permanent files. */
    void stopClean() {
        closeSessions();
        stats.close();
    }

    /** Starts the statistics system again on the same data directory (sessions must reconnect). */
    void startAgain() throws IOException {
        startOn(dataDir);
    }

    /**
     * The server stops without a shutdown checkpoint (immediate shutdown, crash): the data
     * directory is left as it is while the collector runs — no permanent stats files, only
     * the temporary ones. The next start finds it that way; with {@code walRecovery} it first
     * does what PostgreSQL's crash recovery does ({@code pgstat_reset_all}). Without it, this
     * is the collector process dying while the server runs and being restarted.
     */
    void crashAndStart(boolean walRecovery) throws IOException {
        closeSessions();
        Path image = dir.resolve("data-after-crash-" + (++generation));
        copyTree(dataDir, image);
        stats.close(); // the old collector's files go to the old directory, which is abandoned
        if (walRecovery) {
            new StatsFiles(image.resolve("pg_stat"), image.resolve("pg_stat_tmp")).resetAll();
        }
        startOn(image);
    }

    private void startOn(Path data) throws IOException {
        dataDir = data;
        stats = EmbeddedStats.start(data);
        cluster.replaceStats(stats);
        observer = db.observer();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(p, target);
                    } catch (java.nio.file.NoSuchFileException e) {
                        // renamed or removed by the collector while we copied: not in the image
                    }
                }
            }
        }
    }

    /** A number from a view row (bigint columns). */
    static long value(Map<String, Object> row, String column) {
        if (row == null) {
            throw new AssertionError("no such row");
        }
        Object v = row.get(column);
        if (!(v instanceof Number n)) {
            throw new AssertionError(column + " is " + v + ", not a number, in " + row);
        }
        return n.longValue();
    }

    /** File names in {@code subdir} of the data directory, sorted. */
    List<String> files(String subdir) throws IOException {
        try (Stream<Path> s = Files.list(dataDir.resolve(subdir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() {
        closeSessions();
        stats.close();
    }
}
