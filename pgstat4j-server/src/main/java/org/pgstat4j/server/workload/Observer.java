package org.pgstat4j.server.workload;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.StatFunctions;
import org.pgstat4j.view.ViewContext;

/**
 * A monitoring client of one database: reads the statistics views through its own snapshot
 * reader, a fresh snapshot per query, like an endpoint does — without being a counted
 * session (it sends inquiries, never counts). Scenario tests use it to look without
 * disturbing what they measure; the demo uses it to print its report.
 *
 * <p>{@link #awaitQuiescence()} is the waiting technique of PostgreSQL's statistics tests
 * made exact: once sessions have flushed (by going idle or closing), wait until the collector
 * has processed every datagram sent so far, then poll with a cleared snapshot until the
 * collector has written a file after that moment. Bounded; a timeout says what was missing.
 *
 * <p>Used by one thread at a time.
 */
public final class Observer {
    /** How long {@link #awaitQuiescence()} waits at most (PostgreSQL's tests wait 30 s). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final Schema schema;
    private final SnapshotReader reader;
    /** Reads with an autovacuum worker's 10 ms freshness, so that a wait costs one file write, not half a second. */
    private final SnapshotReader freshReader;

    Observer(Schema schema) {
        this.schema = schema;
        EmbeddedStats stats = schema.cluster().stats();
        this.reader = stats.newReader(schema.oid());
        this.freshReader = new SnapshotReader(stats.files(), stats.sender(), schema.oid(),
                SnapshotReader.Mode.AUTOVACUUM_WORKER, PgTimestamps::now, Thread::sleep);
    }

    /** A fresh snapshot (each call loads a new one, like an autocommit SELECT). */
    public Snapshot snapshot() {
        reader.clear();
        return reader.snapshot();
    }

    /** Whether the last snapshot was loaded from stale files because the collector did not answer. */
    public boolean lastLoadWasStale() {
        return reader.lastLoadWasStale();
    }

    private ViewContext context() {
        return schema.cluster().viewContext(schema, snapshot());
    }

    /** {@code SELECT * FROM view}. */
    public List<Map<String, Object>> query(String view) {
        return ViewRows.of(ViewRows.view(view), context());
    }

    /** The row of {@code view} for the object or database called {@code name}, or null. */
    public Map<String, Object> row(String view, String name) {
        return ViewRows.find(query(view), name);
    }

    /** A {@code SELECT pg_stat_get_...(...)} over a fresh snapshot. */
    public <T> T select(Function<StatFunctions, T> expression) {
        return expression.apply(context().functions());
    }

    /**
     * Waits until everything sent to the collector so far shows in the files a reader loads.
     *
     * @throws IllegalStateException when that does not happen within {@link #MAX_WAIT}
     */
    public void awaitQuiescence() {
        EmbeddedStats stats = schema.cluster().stats();
        if (!stats.isEnabled()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        CollectorCounters c = stats.counters();
        long sent = stats.sender().sentCount();
        while (c.applied() + c.rejected() < sent) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the collector processed " + (c.applied() + c.rejected())
                        + " of " + sent + " datagrams sent within " + MAX_WAIT.toSeconds()
                        + " s; the kernel may have dropped some (see the socket's drop counter)");
            }
            pause(5);
        }
        long caughtUp = PgTimestamps.now();
        while (true) {
            freshReader.clear();
            long written = freshReader.snapshot().snapshotTimestamp();
            if (written > caughtUp) {
                freshReader.clear();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the collector wrote no statistics file after "
                        + PgTimestamps.format(caughtUp) + " within " + MAX_WAIT.toSeconds() + " s (last: "
                        + PgTimestamps.format(written) + ")");
            }
            pause(10);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for statistics", e);
        }
    }
}
