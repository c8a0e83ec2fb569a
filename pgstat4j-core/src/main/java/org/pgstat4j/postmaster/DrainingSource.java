package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.transport.unix.DrainingReceiver;

/**
 * Feeds the collector from a {@link DrainingReceiver}: the socket is drained by the
 * receiver's own thread, in batches, and the collector applies datagrams where they lie in its
 * ring, without a copy. Waits
 * are bounded (1 s) so that a shutdown request is noticed even if a wakeup is lost.
 */
final class DrainingSource implements DatagramSource {
    private final DrainingReceiver receiver;

    DrainingSource(DrainingReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public int receive(ByteBuffer buf) throws IOException {
        return receiver.receive(buf);
    }

    @Override
    public ByteBuffer receiveInPlace() throws IOException {
        return receiver.receiveInPlace();
    }

    @Override
    public boolean receivesInPlace() {
        return true;
    }

    @Override
    public void awaitReadable() {
        receiver.awaitReadable(1000);
    }

    @Override
    public void wakeup() {
        receiver.wakeup();
    }
}
