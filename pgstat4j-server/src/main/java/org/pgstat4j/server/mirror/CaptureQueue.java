package org.pgstat4j.server.mirror;

import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.transport.StatsSender;

/**
 * What the mirror's collector drains: datagrams of the followed capture (put by the capture
 * thread) and the inquiries of the mirror's own readers (sent through {@link #inquirySender()}),
 * in one queue, in arrival order.
 *
 * <p>It also keeps the collector's clock. While a captured datagram is applied the clock is
 * that datagram's capture time, as in a replay, so the times the collector stamps itself
 * ({@code stats_reset}) are PostgreSQL's to within the capture's precision; while one of the
 * mirror's own inquiries is served it is this machine's clock, so that the file written for it
 * is fresh for the reader waiting on it. Only the collector thread calls {@link #receive} and
 * reads the clock.
 *
 * <p>Back-pressure: the capture thread blocks when the queue is full (the pipe from tcpdump
 * then fills, and tcpdump counts its drops); a reader's inquiry never blocks — if the queue is
 * full it is dropped and counted, as a full socket drops it.
 */
final class CaptureQueue implements DatagramSource {
    static final int CAPACITY = 65_536;
    /** Marks a datagram of our own: the clock is this machine's while it is applied. */
    private static final long LOCAL = Long.MIN_VALUE;

    private record Item(byte[] payload, long captureTime) {
    }

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Object signal = new Object();
    private final LongAdder localSent = new LongAdder();
    private final LongAdder localDropped = new LongAdder();
    private boolean woken; // guarded by signal
    private long clock = LOCAL; // collector thread only

    /** The collector's clock (collector thread only). */
    LongSupplier clock() {
        return () -> clock == LOCAL ? PgTimestamps.now() : clock;
    }

    /** Queues a captured datagram, waiting while the queue is full. */
    void putCaptured(byte[] payload, long captureTime) throws InterruptedException {
        queue.put(new Item(payload, captureTime == LOCAL ? LOCAL + 1 : captureTime));
        signal();
    }

    /** Where the mirror's readers send their inquiries. */
    StatsSender inquirySender() {
        return new StatsSender() {
            public boolean send(ByteBuffer datagram) {
                byte[] copy = new byte[datagram.remaining()];
                datagram.duplicate().get(copy);
                if (!queue.offer(new Item(copy, LOCAL))) {
                    localDropped.increment();
                    return false;
                }
                localSent.increment();
                signal();
                return true;
            }

            public long sentCount() {
                return localSent.sum();
            }

            public long droppedCount() {
                return localDropped.sum();
            }
        };
    }

    @Override
    public int receive(ByteBuffer buf) {
        Item item = queue.poll();
        if (item == null) {
            return -1;
        }
        clock = item.captureTime();
        int n = Math.min(item.payload().length, buf.capacity());
        buf.clear();
        buf.put(0, item.payload(), 0, n);
        return n;
    }

    @Override
    public void awaitReadable() {
        synchronized (signal) {
            // bounded, so that a lost wakeup costs at most a second
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (queue.isEmpty() && !woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            woken = false;
        }
    }

    @Override
    public void wakeup() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
