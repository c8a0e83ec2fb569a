package org.pgstat4j.server.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.ReadOnlyStatsService;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.pcap.PcapReader;
import org.pgstat4j.transport.pcap.UdpDatagram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A passive mirror of a real PostgreSQL 14's statistics: a {@link ReadOnlyStatsService} over our own
 * collector, fed with the collector datagrams of a live pcap stream ({@code tcpdump -U -w -}
 * on the loopback interface). The statistics of a real database, with not one query sent to it.
 *
 * <p>Two threads: the capture thread reads the stream and queues the collector's datagrams;
 * the collector thread owns the collector and its store and applies them in order, together
 * with the inquiries of the mirror's own readers ({@link CaptureQueue}). Invariant: readers
 * never touch the live store — they read the stats files the collector writes, under a
 * temporary directory, exactly as PostgreSQL's backends do. The mirror is read-only
 * ({@link #writable()} is false): reset functions would have to reach the real server.
 *
 * <p>The collector's port is the given one, or the first port seen carrying self-addressed
 * datagrams (PostgreSQL's collector socket is connected to itself); datagrams on other ports
 * are ignored and counted.
 */
public final class MirrorStatsService extends ReadOnlyStatsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorStatsService.class);

    private final Path dir;
    private final CaptureQueue queue = new CaptureQueue();
    private final Collector collector;
    private final Thread collectorThread;
    private final Thread captureThread;
    private final InputStream capture;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private volatile int port;
    private volatile boolean captureEnded;
    private volatile String captureFailure;

    private MirrorStatsService(InputStream capture, Catalog catalog, int databaseId, Integer port, Path dir)
            throws IOException {
        super(new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp")), catalog, databaseId);
        this.capture = capture;
        this.port = port == null ? 0 : port;
        this.dir = dir;
        Files.createDirectories(files.permanentDir());
        Files.createDirectories(files.tempDir());
        this.collector = new Collector(files, queue.clock());
        this.collectorThread = Thread.ofPlatform().name("pgstat4j-mirror-collector").daemon(true)
                .unstarted(() -> collector.run(queue));
        this.captureThread = Thread.ofPlatform().name("pgstat4j-mirror-capture").daemon(true).unstarted(this::follow);
    }

    /**
     * Starts following {@code capture} (a classic pcap stream, read as it grows), mirroring the
     * statistics as database {@code databaseId} sees them.
     *
     * @param port the collector's UDP port, or null to take the first self-addressed one
     */
    public static MirrorStatsService start(InputStream capture, Catalog catalog, int databaseId, Integer port)
            throws IOException {
        MirrorStatsService m = new MirrorStatsService(capture, catalog, databaseId, port,
                Files.createTempDirectory("pgstat4j-mirror-"));
        m.collectorThread.start();
        m.captureThread.start();
        return m;
    }

    private void follow() {
        try (PcapReader reader = new PcapReader(capture)) {
            for (UdpDatagram d = reader.next(); d != null; d = reader.next()) {
                if (!CaptureReplay.collectorDatagram(d)) {
                    continue;
                }
                if (port == 0) {
                    port = d.destinationPort();
                    LOG.info("following the statistics collector on UDP port {}", port);
                }
                if (d.destinationPort() != port) {
                    ignored.incrementAndGet();
                    continue;
                }
                queue.putCaptured(d.payload(), PgTimestamps.fromUnixMicros(d.timestampMicros()));
                captured.incrementAndGet();
            }
            LOG.info("the capture stream ended after {} collector datagrams; serving the last statistics",
                    captured.get());
        } catch (IOException e) {
            captureFailure = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("cannot follow the capture any further: {}", captureFailure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            captureEnded = true;
        }
    }

    /** Collector datagrams taken from the capture so far. */
    public long capturedDatagrams() {
        return captured.get();
    }

    /** Self-addressed datagrams of other ports than the collector's, left aside. */
    public long ignoredDatagrams() {
        return ignored.get();
    }

    /** The collector's port being followed, or 0 while none was seen. */
    public int collectorPort() {
        return port;
    }

    /** Whether the capture stream has ended (end of stream, or an error: see {@link #captureFailure()}). */
    public boolean captureEnded() {
        return captureEnded;
    }

    /** Why following stopped early, or null. */
    public String captureFailure() {
        return captureFailure;
    }

    @Override
    public SnapshotReader newReader() {
        return new SnapshotReader(files, queue.inquirySender(), databaseId());
    }

    /**
     * The mirror collector's counters (they include the mirror's own inquiries). What the real
     * server's senders and kernel dropped cannot be seen from a capture: -1.
     */
    @Override
    public Health health() {
        CollectorCounters c = collector.counters();
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            byReason.put(r.name().toLowerCase(Locale.ROOT), c.rejected(r));
        }
        return new Health(c.received(), c.applied(), c.rejected(), byReason, -1, -1, 0, c.fileWrites(), true);
    }

    /** Stops the collector, closes the capture stream and removes the temporary stats files. */
    @Override
    public void close() {
        collector.requestShutdown();
        try {
            collectorThread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        captureThread.interrupt();
        try {
            capture.close();
        } catch (IOException e) {
            LOG.debug("closing the capture stream: {}", e.getMessage());
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the mirror's temporary directory {}: {}", dir, e.getMessage());
        }
    }
}
