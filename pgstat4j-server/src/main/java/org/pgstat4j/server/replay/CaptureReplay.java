package org.pgstat4j.server.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.transport.pcap.UdpDatagram;

/**
 * Replays a captured stream of PostgreSQL 14 collector datagrams through a fresh
 * {@link Collector} and hands back the statistics a reader would have seen.
 *
 * <p>The collector's clock for each datagram is that datagram's capture time, so the
 * timestamps the collector stamps itself ({@code stats_reset}) land within a fraction of a
 * millisecond of PostgreSQL's. Datagrams are applied in capture order and pending stats-file
 * writes are served after each one, as the collector's loop does. Unless asked for all of
 * them, the replay stops right after the last INQUIRY for the chosen database: the reader
 * that sent it got a file written at exactly that point.
 */
public final class CaptureReplay {
    /**
     * @param port     the collector's UDP port, or null to find it from the traffic
     * @param database the reader's database OID, or null for the database of the last INQUIRY
     * @param all      replay every datagram instead of stopping after the last INQUIRY
     */
    public record Options(Integer port, Integer database, boolean all) {
    }

    /**
     * What a replay produced.
     *
     * @param applied        datagrams the collector accepted
     * @param rejected       datagrams it refused as malformed
     * @param collectorTotal collector datagrams in the whole capture
     * @param stopIndex      index of the INQUIRY the replay stopped after, or -1 if it ran to the end
     */
    public record Result(Collector collector, int database, int port, long applied, long rejected,
                         long collectorTotal, long stopIndex) {
        /** The statistics as the reader of {@link #database()} sees them. */
        public Snapshot snapshot() {
            return new Snapshot(collector.store(), database);
        }
    }

    private long clock;

    private CaptureReplay() {
    }

    /**
     * Whether a captured datagram can have been received by a collector socket (connected to
     * itself: source port = destination port, and not the outgoing copy of a cooked capture).
     * For readers that follow a live stream and so cannot scan it first.
     */
    public static boolean collectorDatagram(UdpDatagram d) {
        return CollectorTraffic.selfAddressed(d);
    }

    public static Result replay(Path capture, Options options) throws IOException, ReplayException {
        return new CaptureReplay().run(CaptureSource.ofFile(capture), options);
    }

    /** Reads the whole stream (e.g. standard input) first; the stream is not closed. */
    public static Result replay(InputStream capture, Options options) throws IOException, ReplayException {
        return new CaptureReplay().run(CaptureSource.ofStream(capture), options);
    }

    private Result run(CaptureSource source, Options o) throws IOException, ReplayException {
        CollectorTraffic traffic = CollectorTraffic.scan(source, o.port());
        int database;
        if (o.database() != null) {
            database = o.database();
        } else if (traffic.hasInquiry()) {
            database = traffic.lastInquiryDatabase();
        } else {
            throw new ReplayException("the capture has no INQUIRY on port " + traffic.port()
                    + ", so no reader's database is known; choose one with --database");
        }
        long stop = o.all() ? -1 : traffic.lastInquiryIndex(database);
        Collector collector = null;
        long index = 0;
        long applied = 0;
        long rejected = 0;
        try (CaptureSource.Cursor c = source.open()) {
            for (UdpDatagram d = c.next(); d != null; d = c.next()) {
                if (!traffic.selects(d)) {
                    continue;
                }
                clock = PgTimestamps.fromUnixMicros(d.timestampMicros());
                if (collector == null) {
                    collector = new Collector(StatsPersistence.NONE, () -> clock);
                }
                RejectReason r = collector.process(d.payload());
                if (r == null) {
                    applied++;
                } else {
                    rejected++;
                }
                collector.writePendingFiles();
                if (index++ == stop) {
                    break;
                }
            }
        }
        if (collector == null) {
            clock = PgTimestamps.now();
            collector = new Collector(StatsPersistence.NONE, () -> clock);
        }
        return new Result(collector, database, traffic.port(), applied, rejected, traffic.count(), stop);
    }
}
