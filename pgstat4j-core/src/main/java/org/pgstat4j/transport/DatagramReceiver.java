package org.pgstat4j.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.pgstat4j.protocol.Wire;

/**
 * The collector's end of the statistics socket (spec §3.4, §5.2): drains it one datagram at a
 * time into the caller's buffer, without allocating, and sleeps on a {@link Selector} until it
 * is readable again or {@link #wakeup()} is called (shutdown, reload).
 *
 * <p>The buffer must hold more than {@value Wire#MAX_MSG_SIZE} bytes: a datagram longer than
 * the buffer is cut to the buffer's size by the kernel, so only a buffer larger than the limit
 * lets an over-long datagram show its excess length and be rejected as such.
 *
 * <p>Owned by the one collector thread; only {@link #wakeup()} and {@link #receivedCount()} may
 * be called from other threads. Closing the receiver leaves the socket open: it belongs to the
 * {@link StatsSocket} and outlives a collector restart, keeping the datagrams queued meanwhile.
 *
 * <p>The one way to misuse it: receiving into a buffer of at most {@value Wire#MAX_MSG_SIZE}
 * bytes. An over-long datagram is then cut to the buffer's size and passes as well-formed.
 */
public final class DatagramReceiver implements Closeable {
    /** Size of {@link #newBuffer()}: above the 1000-byte limit, see the class comment. */
    public static final int BUFFER_SIZE = 1024;

    private final DatagramChannel channel;
    private final Selector selector;
    private final LongAdder received = new LongAdder();
    /** The ready key needs no handling: being woken is the whole point. */
    private final Consumer<SelectionKey> ignoreKey = key -> { };

    private DatagramReceiver(DatagramChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** A receiver over {@code channel}, which must be non-blocking (the statistics socket is). */
    public static DatagramReceiver open(DatagramChannel channel) throws IOException {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("statistics channel must be non-blocking: " + channel);
        }
        Selector selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        return new DatagramReceiver(channel, selector);
    }

    /** A direct, little-endian buffer of {@link #BUFFER_SIZE} bytes, to reuse for every receive. */
    public static ByteBuffer newBuffer() {
        return ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Receives the next queued datagram into {@code buf} from offset 0 and returns its length,
     * with {@code buf}'s position at 0 and limit at the length; or returns -1, leaving {@code buf}
     * empty, if none is queued. Never blocks. An I/O error is thrown: PostgreSQL's collector
     * treats it as fatal ({@code could not read statistics message}), the caller decides.
     */
    public int receive(ByteBuffer buf) throws IOException {
        if (buf.capacity() <= Wire.MAX_MSG_SIZE) {
            throw new IllegalArgumentException("receive buffer of " + buf.capacity()
                    + " bytes cannot show a datagram over " + Wire.MAX_MSG_SIZE + " bytes; use newBuffer()");
        }
        buf.clear();
        // receive() rather than read(): it tells "no datagram" (null) from an empty datagram
        if (channel.receive(buf) == null) {
            buf.limit(0);
            return -1;
        }
        buf.flip();
        received.increment();
        return buf.limit();
    }

    /**
     * Blocks until a datagram is queued, {@link #wakeup()} is called, the calling thread is
     * interrupted, or {@code timeoutMillis} pass (0: no time limit). Returns {@code true} if the
     * socket is readable; {@code false} says only "look again", not that nothing is queued.
     */
    public boolean awaitReadable(long timeoutMillis) throws IOException {
        return selector.select(ignoreKey, timeoutMillis) > 0;
    }

    /**
     * Makes the current or next {@link #awaitReadable} return at once. Safe from any thread;
     * a wakeup with no wait in progress is kept for the next one.
     */
    public void wakeup() {
        selector.wakeup();
    }

    /** Datagrams received so far, whatever their content. */
    public long receivedCount() {
        return received.sum();
    }

    /** Stops receiving; the statistics socket stays open. */
    @Override
    public void close() throws IOException {
        selector.close();
    }
}
