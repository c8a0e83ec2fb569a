package org.pgstat4j.transport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Bounded waits for datagrams on real loopback sockets. */
final class TransportTestSupport {
    /** Generous: only a broken socket takes this long; never a measure of speed. */
    static final long PATIENCE_MILLIS = 10_000;

    private TransportTestSupport() {
    }

    /** The next datagram's length; fails if none arrives within {@link #PATIENCE_MILLIS}. */
    static int receiveNext(DatagramReceiver receiver, ByteBuffer buf) throws IOException {
        long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000;
        while (true) {
            int n = receiver.receive(buf);
            if (n >= 0) {
                return n;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return fail("no datagram arrived");
            }
            receiver.awaitReadable(left);
        }
    }

    static byte[] bytes(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.duplicate().get(out);
        return out;
    }
}
