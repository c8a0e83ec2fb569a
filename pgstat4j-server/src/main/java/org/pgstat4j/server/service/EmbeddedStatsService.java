package org.pgstat4j.server.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.view.ViewContext;

/** A {@link StatsService} over an in-JVM {@link EmbeddedStats} (the demo, the embedded server). */
public final class EmbeddedStatsService implements StatsService {
    private final EmbeddedStats stats;
    private final Catalog catalog;
    private final int databaseId;
    private final AtomicInteger backends = new AtomicInteger();

    public EmbeddedStatsService(EmbeddedStats stats, Catalog catalog, int databaseId) {
        this.stats = stats;
        this.catalog = catalog;
        this.databaseId = databaseId;
    }

    public int databaseId() {
        return databaseId;
    }

    public Catalog catalog() {
        return catalog;
    }

    public SnapshotReader newReader() {
        return stats.newReader(databaseId);
    }

    @Override
    public SnapshotReader newReader(int databaseId) {
        return stats.newReader(databaseId);
    }

    /** Sessions currently connected, for {@code numbackends}; the workload keeps it current. */
    public AtomicInteger numBackends() {
        return backends;
    }

    @Override
    public ViewContext viewContext(Snapshot snapshot) {
        return ViewContext.of(snapshot, catalog).withNumBackends(db -> db == databaseId ? backends.get() : 0);
    }

    @Override
    public void clientSessionStarted() {
        backends.incrementAndGet();
    }

    @Override
    public void clientSessionEnded() {
        backends.decrementAndGet();
    }

    public StatsSender sender() {
        return stats.sender();
    }

    public Health health() {
        CollectorCounters c = stats.counters();
        Map<String, Long> byReason = new LinkedHashMap<>();
        if (c != null) {
            for (RejectReason r : RejectReason.values()) {
                byReason.put(r.name().toLowerCase(java.util.Locale.ROOT), c.rejected(r));
            }
        }
        long kernel = stats.isEnabled() ? KernelDrops.of(stats.socket().address()) : -1;
        return new Health(c == null ? 0 : c.received(), c == null ? 0 : c.applied(),
                c == null ? 0 : c.rejected(), byReason, stats.sender().droppedCount(), kernel, 0,
                c == null ? 0 : c.fileWrites(), stats.isEnabled(), c == null ? 0 : c.sequences().lost());
    }
}
