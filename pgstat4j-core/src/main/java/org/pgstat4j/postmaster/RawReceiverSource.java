package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.transport.unix.RawDatagramReceiver;

/**
 * Feeds the collector process from the descriptor the server handed it. A raw descriptor
 * has no selector to wake, so waits are bounded ({@value #WAIT_MILLIS} ms): a shutdown or
 * reload request is noticed within that time even when no datagram arrives.
 */
final class RawReceiverSource implements DatagramSource {
    static final long WAIT_MILLIS = 500;

    private final RawDatagramReceiver receiver;

    RawReceiverSource(RawDatagramReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public int receive(ByteBuffer buf) throws IOException {
        buf.clear();
        int n = receiver.receive(buf);
        if (n < 0) {
            buf.limit(0);
            return -1;
        }
        buf.flip();
        return n;
    }

    @Override
    public void awaitReadable() throws IOException {
        receiver.awaitReadable(WAIT_MILLIS);
    }

    @Override
    public void wakeup() {
        // nothing to wake: the wait above ends by itself within WAIT_MILLIS
    }
}
