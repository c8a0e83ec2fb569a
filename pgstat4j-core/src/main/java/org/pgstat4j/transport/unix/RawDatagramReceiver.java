package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedChannelException;

/**
 * Drains datagrams from a raw descriptor of the shared statistics socket — how a collector
 * running in its own process reads the socket it received from the server.
 *
 * <p>Invariant: {@link #receive} never blocks. It uses {@code MSG_DONTWAIT}, so it does not
 * depend on the O_NONBLOCK flag shared by every holder of the socket; waiting is done only in
 * {@link #awaitReadable}, with a timeout. Nothing here ever shuts the socket down: it is one
 * kernel socket shared with the server and every sender, and a shutdown would stop them all.
 *
 * <p>One thread at a time (the collector loop): the native buffer and errno slot are reused
 * without locking. {@link #close()} may come from another thread; it takes effect when the
 * current wait ends, which is why waits should be bounded.
 */
public final class RawDatagramReceiver implements AutoCloseable {
    private final NativeFd handle;
    private final MemorySegment callState = Libc.newCallState(Arena.ofAuto());
    private final MemorySegment pollfd = Arena.ofAuto().allocate(LinuxAbi.POLLFD);
    /** Landing area for heap destination buffers; direct buffers are received into in place. */
    private MemorySegment scratch = Arena.ofAuto().allocate(1024);

    /** Takes ownership of {@code datagramFd}, a (connected) datagram socket. */
    public RawDatagramReceiver(int datagramFd) {
        LinuxAbi.requireSupported();
        this.handle = new NativeFd(datagramFd, false); // never shut down: the socket is shared
    }

    /**
     * Receives one datagram into {@code dst} from its position, advancing the position.
     * Returns the number of bytes stored (the rest of a datagram longer than
     * {@code dst.remaining()} is discarded, as by {@code DatagramChannel.read}), or -1 if no
     * datagram is queued.
     *
     * @throws ClosedChannelException if this receiver was closed
     * @throws IOException if the socket failed
     */
    public int receive(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int fd = handle.acquireOpen();
        try {
            int room = dst.remaining();
            MemorySegment target;
            if (dst.isDirect()) {
                target = MemorySegment.ofBuffer(dst);
            } else {
                if (scratch.byteSize() < room) {
                    scratch = Arena.ofAuto().allocate(room);
                }
                target = scratch;
            }
            long n;
            while (true) {
                n = Libc.recv(callState, fd, target, room, LinuxAbi.MSG_DONTWAIT);
                if (n >= 0) {
                    break;
                }
                int errno = Libc.errno(callState);
                if (errno == LinuxAbi.EAGAIN) {
                    return -1;
                }
                // EINTR: nothing was received. ECONNREFUSED: a pending ICMP error from an earlier
                // send is reported once and cleared; the queue itself is intact.
                if (errno != LinuxAbi.EINTR && errno != LinuxAbi.ECONNREFUSED) {
                    throw Libc.error("recv", errno);
                }
            }
            int length = (int) n;
            if (!dst.isDirect()) {
                MemorySegment.copy(target, ValueLayout.JAVA_BYTE, 0, MemorySegment.ofBuffer(dst), ValueLayout.JAVA_BYTE,
                        0, length);
            }
            dst.position(dst.position() + length);
            return length;
        } finally {
            handle.release();
        }
    }

    /**
     * Waits until a datagram is queued (or the socket reports an error that {@link #receive}
     * will surface), at most {@code timeoutMillis}; a negative timeout waits without bound.
     * Returns false if the time ran out.
     */
    public boolean awaitReadable(long timeoutMillis) throws IOException {
        int fd = handle.acquireOpen();
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            long remaining = timeoutMillis;
            while (true) {
                pollfd.set(ValueLayout.JAVA_INT, LinuxAbi.POLLFD_FD, fd);
                pollfd.set(ValueLayout.JAVA_SHORT, LinuxAbi.POLLFD_EVENTS, LinuxAbi.POLLIN);
                pollfd.set(ValueLayout.JAVA_SHORT, LinuxAbi.POLLFD_REVENTS, (short) 0);
                int wait = timeoutMillis < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, remaining));
                int ready = Libc.poll(callState, pollfd, 1, wait);
                if (ready > 0) {
                    return true;
                }
                if (ready == 0) {
                    return false;
                }
                if (Libc.errno(callState) != LinuxAbi.EINTR) {
                    throw Libc.error("poll", callState);
                }
                remaining = (deadline - System.nanoTime()) / 1_000_000L;
            }
        } finally {
            handle.release();
        }
    }

    public boolean isOpen() {
        return handle.isOpen();
    }

    /** Closes this descriptor once no call is using it. The socket lives on in its other holders. */
    @Override
    public void close() {
        handle.close();
    }

}
