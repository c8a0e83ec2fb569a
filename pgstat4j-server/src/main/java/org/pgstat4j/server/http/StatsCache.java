package org.pgstat4j.server.http;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.ViewContext;

/**
 * The one snapshot every HTTP request is served from, and the one background thread (with the
 * one {@link SnapshotReader}) that renews it.
 *
 * <p>A request takes the cached snapshot while it is younger than the refresh interval.
 * Otherwise it asks the background thread for a renewal (one inquiry to the collector) and
 * waits for it at most {@link #MAX_REQUEST_WAIT}; if the collector is slow it gets the older
 * snapshot rather than hanging, and {@code pgstat4j_snapshot_age_seconds} shows the delay. Only
 * the very first request waits for the first snapshot, however long the reader takes.
 *
 * <p>Invariant: at most one renewal — one inquiry — per refresh interval, whatever the number
 * of scrapes, dashboards and API clients; a request never triggers a stats-file rewrite of its
 * own. Renewals happen only when asked for, so an idle endpoint costs the collector nothing.
 * The reader is used by the background thread alone, as its one-thread contract requires;
 * the snapshots it hands out are immutable and shared freely.
 */
final class StatsCache implements AutoCloseable {
    /** How long a request waits for a renewal before it takes the older snapshot. */
    static final Duration MAX_REQUEST_WAIT = Duration.ofSeconds(2);

    /** One renewal's result. {@code stale} if the reader gave up waiting for a fresh file. */
    record Cached(Snapshot snapshot, ViewContext context, Instant loadedAt, long loadedAtNanos, boolean stale) {
    }

    private final StatsService service;
    private final long intervalNanos;
    private final LongSupplier nanoTicker;
    private final SnapshotReader reader;
    private final Thread renewer;
    private final Object lock = new Object();
    private Cached cached; // guarded by lock
    private boolean wanted; // guarded by lock
    private boolean closed; // guarded by lock
    private long renewals; // guarded by lock

    StatsCache(StatsService service, Duration refreshInterval) {
        this(service, refreshInterval, System::nanoTime);
    }

    /** With a replaceable ticker (nanoseconds) for the snapshot's age, so that tests move time without waiting. */
    StatsCache(StatsService service, Duration refreshInterval, LongSupplier nanoTicker) {
        this.service = service;
        this.intervalNanos = refreshInterval.toNanos();
        this.nanoTicker = nanoTicker;
        this.reader = service.newReader();
        this.renewer = Thread.ofPlatform().name("pgstat4j-http-snapshot").daemon(true).start(this::renewWhenAsked);
    }

    StatsService service() {
        return service;
    }

    /** The cached snapshot; renewed first (waiting a bounded time) if older than the refresh interval. */
    Cached current() {
        synchronized (lock) {
            if (fresh(cached)) {
                return cached;
            }
            Cached old = cached;
            wanted = true;
            lock.notifyAll();
            long deadline = System.nanoTime() + MAX_REQUEST_WAIT.toNanos();
            try {
                while (cached == old && !closed) {
                    long left = deadline - System.nanoTime();
                    if (old != null && left <= 0) {
                        break; // the collector is slow: serve the older snapshot
                    }
                    if (old == null) {
                        lock.wait(); // nothing to serve yet: the first snapshot is worth waiting for
                    } else {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (cached == null) {
                throw new IllegalStateException("no statistics snapshot: the endpoint is closing");
            }
            return cached;
        }
    }

    /**
     * The cached snapshot at once, even when older than the refresh interval — a renewal is
     * then asked for, not awaited — so that a burst of requests never queues behind an
     * inquiry. Only a call made before the first snapshot exists waits (as {@link #current()}).
     */
    Cached latest() {
        synchronized (lock) {
            if (cached != null) {
                if (!fresh(cached)) {
                    wanted = true;
                    lock.notifyAll();
                }
                return cached;
            }
        }
        return current();
    }

    /** How many times the snapshot was renewed (each renewal is one reader load). */
    long renewals() {
        synchronized (lock) {
            return renewals;
        }
    }

    private void renewWhenAsked() {
        while (true) {
            synchronized (lock) {
                try {
                    while (!wanted && !closed) {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                wanted = false;
            }
            reader.clear();
            Snapshot s = reader.snapshot();
            Cached c = new Cached(s, service.viewContext(s), Instant.now(), nanoTicker.getAsLong(),
                    reader.lastLoadWasStale());
            synchronized (lock) {
                cached = c;
                renewals++;
                lock.notifyAll();
            }
        }
    }

    private boolean fresh(Cached c) {
        return c != null && nanoTicker.getAsLong() - c.loadedAtNanos() < intervalNanos;
    }

    /** Stops the background thread; requests waiting for a first snapshot fail. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        renewer.interrupt();
        try {
            renewer.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
