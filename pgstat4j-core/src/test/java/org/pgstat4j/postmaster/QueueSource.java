package org.pgstat4j.postmaster;

import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.StatMessage;

/** A statistics socket stand-in: the test queues messages, the collector drains them. */
final class QueueSource implements DatagramSource {
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

    void send(StatMessage m) {
        queue.add(MessageCodec.encode(m));
    }

    @Override
    public int receive(ByteBuffer buf) {
        byte[] d = queue.poll();
        buf.clear();
        if (d == null) {
            buf.limit(0);
            return -1;
        }
        buf.put(d).flip();
        return d.length;
    }

    /** Returns when something is queued, or after at most 50 ms (bounded, like the real sources). */
    @Override
    public void awaitReadable() throws java.io.InterruptedIOException {
        for (int i = 0; i < 5 && queue.isEmpty(); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
    }

    @Override
    public void wakeup() {
    }
}
