package org.pgstat4j.collector;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The receive side the collector drains: the statistics socket (a JDK channel in-process, a
 * received descriptor in the collector process) or a replayed capture.
 *
 * <p>The one way to misuse it: an {@link #awaitReadable()} that ignores {@link #wakeup()}. The
 * collector could then neither stop nor reload while the source is quiet.
 */
public interface DatagramSource {
    /**
     * Receives one datagram into {@code buf} from offset 0 without blocking; returns its
     * length (which may exceed 1000 if the buffer is larger, to detect over-long datagrams),
     * or -1 when nothing is queued.
     */
    int receive(ByteBuffer buf) throws IOException;

    /** Blocks until a datagram may be queued or {@link #wakeup()} is called. */
    void awaitReadable() throws IOException;

    /** Makes a concurrent {@link #awaitReadable()} return. */
    void wakeup();
}
