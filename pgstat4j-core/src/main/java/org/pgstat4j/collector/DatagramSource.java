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

    /**
     * The next datagram where it already lies, without a copy: a little-endian buffer with
     * the datagram at offset 0, limit at its length and capacity above 1000 bytes (so that an
     * over-long datagram shows as such); or {@code null} when nothing is queued. The buffer
     * stays valid until the next call, which gives its space back. Only sources for which
     * {@link #receivesInPlace()} is true implement it.
     */
    default ByteBuffer receiveInPlace() throws IOException {
        throw new UnsupportedOperationException("this source copies: use receive(ByteBuffer)");
    }

    /** Whether {@link #receiveInPlace()} is the way to receive from this source. */
    default boolean receivesInPlace() {
        return false;
    }

    /** Blocks until a datagram may be queued or {@link #wakeup()} is called. */
    void awaitReadable() throws IOException;

    /** Makes a concurrent {@link #awaitReadable()} return. */
    void wakeup();
}
