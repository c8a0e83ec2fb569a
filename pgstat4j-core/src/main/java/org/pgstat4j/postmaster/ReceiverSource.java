package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.transport.DatagramReceiver;

/**
 * Feeds the collector from the statistics socket. Waits are bounded (1 s) so that a shutdown
 * request is noticed even if a wakeup is lost.
 */
final class ReceiverSource implements DatagramSource {
    private final DatagramReceiver receiver;

    ReceiverSource(DatagramReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public int receive(ByteBuffer buf) throws IOException {
        return receiver.receive(buf);
    }

    @Override
    public void awaitReadable() throws IOException {
        receiver.awaitReadable(1000);
    }

    @Override
    public void wakeup() {
        receiver.wakeup();
    }
}
