package org.pgstat4j.server.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.transport.pcap.UdpDatagram;

/**
 * Which datagrams of a capture went to the statistics collector, and where its readers'
 * INQUIRYs are. PostgreSQL's collector socket is connected to itself, so every datagram it
 * receives has the same source and destination port: without an explicit port, that port is
 * found from the traffic, and a capture with several such ports is ambiguous.
 *
 * <p>A cooked capture on {@code -i any} shows each loopback packet twice (sent and
 * received); only the received copy is counted, as only it reached the socket.
 */
final class CollectorTraffic {
    /** What one self-addressed port carried. */
    private static final class PortTraffic {
        long count;
        long lastInquiryIndex = -1;
        int lastInquiryDatabase;
        final Map<Integer, Long> lastInquiryByDatabase = new HashMap<>();
    }

    private final int port;
    private final PortTraffic traffic;

    private CollectorTraffic(int port, PortTraffic traffic) {
        this.port = port;
        this.traffic = traffic;
    }

    /** Whether a datagram can have been received by a socket connected to itself. */
    static boolean selfAddressed(UdpDatagram d) {
        return !d.outgoing() && d.sourcePort() == d.destinationPort();
    }

    /** Whether the datagram was received by the collector's socket. */
    boolean selects(UdpDatagram d) {
        return selfAddressed(d) && d.destinationPort() == port;
    }

    /**
     * Reads a whole capture once: the collector's port and every INQUIRY on it.
     *
     * @param port the collector's port, or null to find it
     */
    static CollectorTraffic scan(CaptureSource source, Integer port) throws IOException, ReplayException {
        TreeMap<Integer, PortTraffic> ports = new TreeMap<>();
        try (CaptureSource.Cursor c = source.open()) {
            for (UdpDatagram d = c.next(); d != null; d = c.next()) {
                if (selfAddressed(d) && (port == null || d.destinationPort() == port)) {
                    note(ports.computeIfAbsent(d.destinationPort(), p -> new PortTraffic()), d.payload());
                }
            }
        }
        if (port != null) {
            return new CollectorTraffic(port, ports.getOrDefault(port, new PortTraffic()));
        }
        if (ports.isEmpty()) {
            throw new ReplayException("the capture has no UDP datagram whose source port equals its "
                    + "destination port (PostgreSQL's collector socket sends to itself); "
                    + "give the collector's port with --port");
        }
        if (ports.size() > 1) {
            throw new ReplayException("the capture holds self-addressed UDP traffic on several ports "
                    + ports.keySet() + "; choose the collector's with --port");
        }
        return new CollectorTraffic(ports.firstKey(), ports.firstEntry().getValue());
    }

    private static void note(PortTraffic t, byte[] payload) {
        Integer db = inquiryDatabase(payload);
        if (db != null) {
            t.lastInquiryIndex = t.count;
            t.lastInquiryDatabase = db;
            t.lastInquiryByDatabase.put(db, t.count);
        }
        t.count++;
    }

    /** The database of a well-formed INQUIRY datagram, or null for any other datagram. */
    static Integer inquiryDatabase(byte[] p) {
        StatMsgType t = StatMsgType.INQUIRY;
        if (p.length != t.headerSize()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(Wire.TYPE_OFFSET) != t.code() || b.getInt(Wire.SIZE_OFFSET) != p.length) {
            return null;
        }
        return b.getInt(InquiryMessage.DATABASE_ID);
    }

    int port() {
        return port;
    }

    /** Collector datagrams in the capture. */
    long count() {
        return traffic.count;
    }

    boolean hasInquiry() {
        return traffic.lastInquiryIndex >= 0;
    }

    /** The database of the capture's last INQUIRY (valid if {@link #hasInquiry()}). */
    int lastInquiryDatabase() {
        return traffic.lastInquiryDatabase;
    }

    /** Index (among collector datagrams) of the last INQUIRY for {@code db}, or -1. */
    long lastInquiryIndex(int db) {
        return traffic.lastInquiryByDatabase.getOrDefault(db, -1L);
    }
}
