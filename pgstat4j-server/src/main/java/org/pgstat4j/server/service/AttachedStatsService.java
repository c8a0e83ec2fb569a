package org.pgstat4j.server.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.StatsSender;

/**
 * A {@link StatsService} attached to a running pgstat4j server ({@link StatsClient#attach}):
 * readers send real inquiries through the server's statistics socket and get files as fresh
 * as PostgreSQL's rules ask, and reset functions reach the collector. The collector's own
 * counters come from its status file ({@code pg_stat_tmp/collector.status}).
 *
 * <p>The server uses this on itself to serve its endpoints, and {@code top}/{@code views} use it
 * when the server is running.
 */
public final class AttachedStatsService implements StatsService, AutoCloseable {
    private final StatsClient client;
    private final java.util.function.Supplier<Catalog> catalog;
    private final int databaseId;
    private final LongSupplier collectorRestarts;
    private final java.util.concurrent.atomic.AtomicInteger clientSessions = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param catalog the names of the OIDs, asked again for every use (a server's catalog
     *                directory may be rewritten while it runs: {@link CatalogFiles#current()})
     */
    public AttachedStatsService(StatsClient client, java.util.function.Supplier<Catalog> catalog, int databaseId,
                                LongSupplier collectorRestarts) {
        this.client = client;
        this.catalog = catalog;
        this.databaseId = databaseId;
        this.collectorRestarts = collectorRestarts;
    }

    /** Attaches to the server of {@code dataDir}. */
    public static AttachedStatsService attach(Path dataDir, Catalog catalog, int databaseId) throws IOException {
        return new AttachedStatsService(StatsClient.attach(dataDir), () -> catalog, databaseId, () -> -1);
    }

    public int databaseId() {
        return databaseId;
    }

    public Catalog catalog() {
        return catalog.get();
    }

    public SnapshotReader newReader() {
        return client.newReader(databaseId);
    }

    @Override
    public SnapshotReader newReader(int databaseId) {
        return client.newReader(databaseId);
    }

    @Override
    public org.pgstat4j.view.ViewContext viewContext(org.pgstat4j.snapshot.Snapshot snapshot) {
        return org.pgstat4j.view.ViewContext.of(snapshot, catalog.get())
                .withNumBackends(db -> db == databaseId ? clientSessions.get() : 0);
    }

    @Override
    public void clientSessionStarted() {
        clientSessions.incrementAndGet();
    }

    @Override
    public void clientSessionEnded() {
        clientSessions.decrementAndGet();
    }

    public StatsSender sender() {
        return client.sender();
    }

    public Health health() {
        Optional<CollectorStatus> status;
        try {
            status = CollectorStatus.read(new DataDirectory(client.dataDirectory()).statusFile());
        } catch (IOException e) {
            status = Optional.empty();
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            String key = r.name().toLowerCase(Locale.ROOT);
            byReason.put(key, status.map(s -> s.number("rejected." + key)).orElse(0L));
        }
        long kernel = client.isEnabled() ? KernelDrops.of(client.statsAddress()) : -1;
        return new Health(number(status, "received"), number(status, "applied"), number(status, "rejected"),
                byReason, client.sender().droppedCount(), kernel, collectorRestarts.getAsLong(),
                number(status, "file_writes"), client.isEnabled(), number(status, "sequence_lost"));
    }

    private static long number(Optional<CollectorStatus> s, String key) {
        return s.map(x -> x.number(key)).orElse(0L);
    }

    @Override
    public void close() {
        client.close();
    }
}
