package org.pgstat4j.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.service.EmbeddedStatsService;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.view.ViewContext;

/**
 * An embedded service whose readers count the inquiries they send (synchronously, on the
 * sending thread), so a test can tell exactly how many times the endpoint asked the
 * collector for a fresh file.
 */
final class CountingService implements StatsService {
    private final EmbeddedSystem sys;
    private final EmbeddedStatsService inner;
    final AtomicLong inquiries = new AtomicLong();
    final AtomicLong readers = new AtomicLong();

    CountingService(EmbeddedSystem sys) {
        this.sys = sys;
        this.inner = sys.service;
    }

    public int databaseId() {
        return inner.databaseId();
    }

    public Catalog catalog() {
        return inner.catalog();
    }

    public SnapshotReader newReader() {
        readers.incrementAndGet();
        StatsSender real = sys.stats.sender();
        StatsSender counting = new StatsSender() {
            public boolean send(ByteBuffer datagram) {
                inquiries.incrementAndGet();
                return real.send(datagram);
            }

            public long sentCount() {
                return real.sentCount();
            }

            public long droppedCount() {
                return real.droppedCount();
            }
        };
        return new SnapshotReader(sys.stats.files(), counting, inner.databaseId());
    }

    public ViewContext viewContext(Snapshot snapshot) {
        return inner.viewContext(snapshot);
    }

    public StatsSender sender() {
        return inner.sender();
    }

    public Health health() {
        return inner.health();
    }
}
