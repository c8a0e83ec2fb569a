package org.pgstat4j.server.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.service.EmbeddedStatsService;
import org.pgstat4j.server.workload.Cluster;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;

/**
 * The demo's statistics system and database: an {@link EmbeddedStats} (real socket,
 * collector thread, stats files) in a data directory, a cluster with the database
 * {@code pgbench} loaded as {@code pgbench -i} would, and the {@link EmbeddedStatsService}
 * over them that the report — and any endpoint — reads through.
 *
 * <p>Lifecycle: {@link #start}, then {@link #run} (sessions come and go, each flushing when
 * it closes), {@link #awaitQuiescence} so that what they sent is visible, then
 * {@link #close} (the collector writes its permanent files).
 */
public final class Demo implements AutoCloseable {
    /** The demo database's name. */
    public static final String DATABASE = "pgbench";

    private final EmbeddedStats stats;
    private final Schema db;
    private final PgbenchSchema schema;
    private final EmbeddedStatsService service;

    private Demo(EmbeddedStats stats, int extraTables) {
        this.stats = stats;
        Cluster cluster = new Cluster(stats);
        this.db = cluster.createDatabase(DATABASE);
        this.service = new EmbeddedStatsService(stats, db.catalog(), db.oid());
        cluster.trackBackendsIn(db.oid(), service.numBackends());
        try (Session loader = db.session().name("pgbench -i").connect()) {
            this.schema = PgbenchSchema.create(db, extraTables, loader);
        }
    }

    /** Starts the statistics system in {@code dataDir} and creates and loads the pgbench schema. */
    public static Demo start(Path dataDir, int extraTables) throws IOException {
        EmbeddedStats stats = EmbeddedStats.start(dataDir);
        try {
            return new Demo(stats, extraTables);
        } catch (RuntimeException e) {
            stats.close();
            throw e;
        }
    }

    /** What endpoints read: the demo database's statistics. */
    public EmbeddedStatsService service() {
        return service;
    }

    public Schema database() {
        return db;
    }

    /**
     * Runs the pgbench-like workload with {@code sessions} clients until {@code duration}
     * passed ({@link Duration#ZERO}: until {@code stop}) or {@code stop} says so.
     * {@code progress} is called about once a second with (elapsed, transactions).
     */
    PgbenchWorkload.Result run(int sessions, Duration duration, long seed, BooleanSupplier stop,
                               Progress progress) throws InterruptedException {
        PgbenchWorkload workload = new PgbenchWorkload(schema, sessions, seed);
        Thread reporter = Thread.ofPlatform().daemon(true).name("demo-progress").start(() -> {
            long start = System.nanoTime();
            long before = 0;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    long now = workload.transactions();
                    progress.report(Duration.ofNanos(System.nanoTime() - start), now, now - before);
                    before = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            return workload.run(duration, stop);
        } finally {
            reporter.interrupt();
            reporter.join();
        }
    }

    /** Called about once a second while the workload runs. */
    @FunctionalInterface
    interface Progress {
        void report(Duration elapsed, long transactions, long inLastSecond);
    }

    /** Waits until everything the sessions sent shows in the stats files. */
    void awaitQuiescence() {
        db.observer().awaitQuiescence();
    }

    /** Prints the report of a finished run. */
    void printReport(PgbenchWorkload.Result result, int sessions, PrintWriter out) throws IOException {
        DemoReport.print(service, result, sessions, out);
    }

    /** Stops the collector; it writes the permanent stats files. */
    @Override
    public void close() {
        stats.close();
    }
}
