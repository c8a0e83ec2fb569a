package org.pgstat4j.server.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.ViewContext;

/**
 * The one snapshot every HTTP request is served from, and the one {@link SnapshotReader} that
 * renews it. A request takes the cached snapshot while it is younger than the refresh
 * interval; the first request after that renews it (one inquiry to the collector) while
 * concurrent requests wait for that same renewal instead of sending their own.
 *
 * <p>Invariant: at most one inquiry per refresh interval, whatever the number of scrapes,
 * dashboards and API clients — a scrape never forces a stats-file rewrite of its own. When
 * nobody asks, nothing is renewed, so an idle endpoint costs the collector nothing. The
 * reader is used only under {@link #renewal}, so by one thread at a time as its contract
 * requires; the snapshots it hands out are immutable and shared freely.
 */
final class StatsCache {
    /** One renewal's result. {@code stale} if the reader gave up waiting for a fresh file. */
    record Cached(Snapshot snapshot, ViewContext context, Instant loadedAt, long loadedAtNanos, boolean stale) {
    }

    private final StatsService service;
    private final long intervalNanos;
    private final LongSupplier nanoTicker;
    private final ReentrantLock renewal = new ReentrantLock();
    private final SnapshotReader reader;
    private final AtomicLong renewals = new AtomicLong();
    private volatile Cached cached;

    StatsCache(StatsService service, Duration refreshInterval) {
        this(service, refreshInterval, System::nanoTime);
    }

    /** With a replaceable ticker (nanoseconds), so that tests move time without waiting. */
    StatsCache(StatsService service, Duration refreshInterval, LongSupplier nanoTicker) {
        this.service = service;
        this.intervalNanos = refreshInterval.toNanos();
        this.nanoTicker = nanoTicker;
        this.reader = service.newReader();
    }

    StatsService service() {
        return service;
    }

    /** The cached snapshot, renewed first if it is older than the refresh interval. */
    Cached current() {
        Cached c = cached;
        if (fresh(c)) {
            return c;
        }
        renewal.lock();
        try {
            c = cached;
            if (fresh(c)) {
                return c; // another request renewed it while this one waited
            }
            reader.clear();
            Snapshot s = reader.snapshot();
            c = new Cached(s, service.viewContext(s), Instant.now(), nanoTicker.getAsLong(), reader.lastLoadWasStale());
            cached = c;
            renewals.incrementAndGet();
            return c;
        } finally {
            renewal.unlock();
        }
    }

    /** How many times the snapshot was renewed (each renewal is one reader load). */
    long renewals() {
        return renewals.get();
    }

    private boolean fresh(Cached c) {
        return c != null && nanoTicker.getAsLong() - c.loadedAtNanos() < intervalNanos;
    }
}
