package org.pgstat4j.server.conformance;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.pcap.PcapReader;
import org.pgstat4j.transport.pcap.UdpDatagram;

/**
 * The replay of a capture that starts while PostgreSQL runs: pgstat4j's collector starts from
 * PostgreSQL's own stats files — those its collector wrote right after a reader's INQUIRY at
 * collector datagram {@code k0} of the capture, copied from {@code pg_stat_tmp/} before anything
 * else asked for a new file — and applies the datagrams after {@code k0} up to the final cut.
 * So a mid-life capture is compared by absolute values, not deltas, and pgstat4j's reading of
 * PostgreSQL 14's files is checked on the way.
 *
 * <p>Invariant: datagrams are applied in capture order with the capture time as the
 * collector's clock, pending files written after each one, exactly as {@link CaptureReplay} does.
 */
final class BaselineReplay {
    private long clock;

    private BaselineReplay() {
    }

    /** Copies PostgreSQL's temporary stats files into {@code dir/pg_stat} (where a collector loads from). */
    static void copyBaseline(Path pgStatTmp, Path dir) throws IOException {
        Path permanent = Files.createDirectories(dir.resolve("pg_stat"));
        Files.createDirectories(dir.resolve("pg_stat_tmp"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pgStatTmp, "*.stat")) {
            for (Path f : files) {
                Files.copy(f, permanent.resolve(f.getFileName()));
            }
        }
    }

    /**
     * The statistics database {@code database} sees after applying, on top of the baseline in
     * {@code dir}, the collector datagrams with index in ({@code after}, {@code upTo}].
     */
    static Snapshot replay(Path capture, int port, Path dir, long after, long upTo, int database) throws IOException {
        return new BaselineReplay().run(capture, port, dir, after, upTo, database);
    }

    private Snapshot run(Path capture, int port, Path dir, long after, long upTo, int database) throws IOException {
        Collector collector = null;
        try (PcapReader r = new PcapReader(Files.newInputStream(capture))) {
            long index = 0;
            for (UdpDatagram d = r.next(); d != null && index <= upTo; d = r.next()) {
                if (!CaptureReplay.collectorDatagram(d) || d.destinationPort() != port) {
                    continue;
                }
                clock = PgTimestamps.fromUnixMicros(d.timestampMicros());
                if (index++ <= after) {
                    continue;
                }
                if (collector == null) {
                    collector = new Collector(new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp")),
                            () -> clock);
                }
                collector.process(d.payload());
                collector.writePendingFiles();
            }
        }
        if (collector == null) {
            throw new IOException("no collector datagram after " + after + " in the capture");
        }
        return new Snapshot(collector.store(), database);
    }
}
