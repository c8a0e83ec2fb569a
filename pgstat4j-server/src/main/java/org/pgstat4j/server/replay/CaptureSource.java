package org.pgstat4j.server.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.pgstat4j.transport.pcap.PcapReader;
import org.pgstat4j.transport.pcap.UdpDatagram;

/**
 * The UDP datagrams of a capture, readable more than once (a replay scans, then replays). A
 * file is simply read again; a stream (standard input) is read once and its self-addressed
 * datagrams, the only ones a replay can use, are kept in memory.
 */
interface CaptureSource {
    Cursor open() throws IOException;

    /** One pass over the datagrams. */
    interface Cursor extends AutoCloseable {
        /** The next datagram, or null at the end. */
        UdpDatagram next() throws IOException;

        @Override
        void close() throws IOException;
    }

    static CaptureSource ofFile(Path file) {
        return () -> {
            PcapReader r = new PcapReader(Files.newInputStream(file));
            return new Cursor() {
                public UdpDatagram next() throws IOException {
                    return r.next();
                }

                public void close() throws IOException {
                    r.close();
                }
            };
        };
    }

    /** Reads the whole stream now; does not close it. */
    static CaptureSource ofStream(InputStream in) throws IOException {
        PcapReader r = new PcapReader(in);
        List<UdpDatagram> kept = new ArrayList<>();
        for (UdpDatagram d = r.next(); d != null; d = r.next()) {
            if (CollectorTraffic.selfAddressed(d)) {
                kept.add(d);
            }
        }
        return () -> {
            Iterator<UdpDatagram> it = kept.iterator();
            return new Cursor() {
                public UdpDatagram next() {
                    return it.hasNext() ? it.next() : null;
                }

                public void close() {
                }
            };
        };
    }
}
