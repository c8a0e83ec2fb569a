package org.pgstat4j.transport;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link StatsSender} over the statistics socket: PostgreSQL's {@code pgstat_send} (spec §3.3).
 * One non-blocking {@code write} per datagram on the connected channel; whatever the kernel
 * does not take at once (send buffer full, socket closed, any error) is dropped, counted and
 * never retried, so a backend never waits for or fails because of the collector.
 *
 * <p>Thread-safe: any number of backend threads share one instance. {@code DatagramChannel}
 * serialises writes, and the counters are {@link LongAdder}s. The channel must stay
 * non-blocking: that is also what keeps an interrupted backend thread from closing the shared
 * socket (the JDK closes an interruptible channel only on blocking operations).
 *
 * <p>The one way to misuse it: making its channel blocking. A full socket buffer would then
 * block backends, and an interrupted backend thread would close the socket shared by all.
 */
public final class ChannelStatsSender implements StatsSender {
    /** The one call a send makes; a seam so that tests can make the kernel refuse. */
    @FunctionalInterface
    interface DatagramWriter {
        int write(ByteBuffer datagram) throws IOException;
    }

    private final DatagramWriter writer;
    private final Logger log;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean errorLogged;

    /**
     * A sender over {@code channel}, which must be connected (to the collector's socket) and
     * non-blocking, as {@link StatsSocket#channel()} is.
     */
    public ChannelStatsSender(DatagramChannel channel, Logger log) {
        if (!channel.isConnected() || channel.isBlocking()) {
            throw new IllegalArgumentException("statistics channel must be connected and non-blocking: "
                    + channel + " (connected " + channel.isConnected() + ", blocking " + channel.isBlocking() + ")");
        }
        this.writer = channel::write;
        this.log = log;
    }

    ChannelStatsSender(DatagramWriter writer, Logger log) {
        this.writer = writer;
        this.log = log;
    }

    /**
     * Sends the bytes between position and limit as one datagram. On success the position has
     * moved to the limit; on a drop it may not have. Never blocks, never throws.
     */
    @Override
    public boolean send(ByteBuffer datagram) {
        int length = datagram.remaining();
        try {
            // a datagram goes whole or not at all: the kernel takes `length` bytes or none
            if (length > 0 && writer.write(datagram) == length) {
                sent.increment();
                return true;
            }
        } catch (IOException | RuntimeException e) {
            logFirstError(e);
        }
        dropped.increment();
        return false;
    }

    /**
     * PostgreSQL logs send failures only in assertion-enabled builds, every time; we log the
     * first one, at DEBUG, and count them all in {@link #droppedCount()}.
     */
    private void logFirstError(Exception e) {
        if (!errorLogged) {
            errorLogged = true;
            log.log(Level.DEBUG, "could not send to statistics collector: " + StatsSocket.describe(e));
        }
    }

    @Override
    public long sentCount() {
        return sent.sum();
    }

    @Override
    public long droppedCount() {
        return dropped.sum();
    }
}
