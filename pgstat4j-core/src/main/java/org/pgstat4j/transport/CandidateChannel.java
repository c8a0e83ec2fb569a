package org.pgstat4j.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A datagram socket while {@link StatsSocket} tries it: exactly the calls {@code pgstat_init}
 * makes (spec §2.1 steps 3.4–6), one method each, so that each can fail on its own in a test.
 * The real one is a thin layer over a JDK {@link DatagramChannel}; every method may throw,
 * and {@link StatsSocket} logs the message and moves on, as PostgreSQL does with {@code %m}.
 *
 * <p>The one way to misuse it: using it outside {@link StatsSocket}'s self-test. It exists so
 * that each step of {@code pgstat_init} can fail in a test; a host opens the socket with
 * {@link StatsSocket#open()}.
 */
public interface CandidateChannel extends Closeable {
    /** {@code bind}: to the resolved address exactly as returned (port 0: kernel's choice). */
    void bind(InetSocketAddress address) throws IOException;

    /** {@code getsockname}: the address and port actually bound. */
    InetSocketAddress localAddress() throws IOException;

    /** {@code connect}: to {@code address}, which is this socket's own. */
    void connect(InetSocketAddress address) throws IOException;

    /** {@code send} on the connected socket; returns the bytes sent. */
    int write(ByteBuffer src) throws IOException;

    /** {@code select} for readability: {@code true} if a datagram can be read within the time. */
    boolean awaitReadable(long timeoutMillis) throws IOException;

    /** {@code recv} into {@code dst}; returns the bytes received (0 if none). */
    int read(ByteBuffer dst) throws IOException;

    /** Puts the socket in non-blocking mode for good. */
    void configureNonBlocking() throws IOException;

    /** {@code getsockopt(SO_RCVBUF)} as the JDK reports it. */
    int receiveBufferSize() throws IOException;

    /** {@code setsockopt(SO_RCVBUF)}. */
    void setReceiveBufferSize(int bytes) throws IOException;

    /** The JDK channel behind this socket, which becomes the statistics socket; never null. */
    DatagramChannel channel();
}
