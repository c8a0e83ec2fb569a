package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * One connected Unix-domain stream socket, accepted by {@link UnixSocketServer} or opened by
 * {@link UnixSocketClient}: the channel over which a descriptor frame travels.
 *
 * <p>Invariant: the descriptor is closed exactly once and never while one of this object's
 * calls is using it; closing from another thread wakes a thread blocked in
 * {@link #receiveFd}. Calls on one connection may come from several threads, but frames are
 * not interleaved safely: one sender and one receiver at a time.
 */
public final class UnixConnection implements AutoCloseable {
    private final NativeFd handle;

    /** Takes ownership of a connected AF_UNIX stream socket. */
    UnixConnection(int fd) {
        this.handle = new NativeFd(fd, true);
    }

    /**
     * The raw descriptor number, for {@link FdPassing} and {@link PeerCredentials} called
     * directly. Valid only until {@link #close()}; prefer this class's methods, which are safe
     * against a concurrent close.
     */
    public int fd() {
        return handle.number();
    }

    /** Who connected (or whom we connected to), as the kernel recorded at connect time. */
    public PeerCredentials peerCredentials() throws IOException {
        int fd = handle.acquireOpen();
        try {
            return PeerCredentials.of(fd);
        } finally {
            handle.release();
        }
    }

    /** Sends {@code fdToSend} with {@code payload}; see {@link FdPassing#sendFd}. */
    public void sendFd(int fdToSend, byte[] payload) throws IOException {
        int fd = handle.acquireOpen();
        try {
            FdPassing.sendFd(fd, fdToSend, payload);
        } finally {
            handle.release();
        }
    }

    /** Sends a frame without a descriptor; see {@link FdPassing#sendWithoutFd}. */
    public void sendWithoutFd(byte[] payload) throws IOException {
        int fd = handle.acquireOpen();
        try {
            FdPassing.sendWithoutFd(fd, payload);
        } finally {
            handle.release();
        }
    }

    /** Receives one frame; see {@link FdPassing#receiveFd}. */
    public ReceivedFd receiveFd(int maxPayload) throws IOException {
        int fd = handle.acquireOpen();
        try {
            return FdPassing.receiveFd(fd, maxPayload);
        } finally {
            handle.release();
        }
    }

    /**
     * Bounds every later send and receive on this connection ({@code SO_SNDTIMEO},
     * {@code SO_RCVTIMEO}), so a peer that stops talking cannot hold a thread forever.
     * {@link Duration#ZERO} means no bound.
     */
    public void setTimeout(Duration timeout) throws IOException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        int fd = handle.acquireOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment tv = arena.allocate(LinuxAbi.TIMEVAL);
            tv.set(ValueLayout.JAVA_LONG, LinuxAbi.TV_SEC, timeout.getSeconds());
            tv.set(ValueLayout.JAVA_LONG, LinuxAbi.TV_USEC, timeout.toNanosPart() / 1000);
            int size = (int) LinuxAbi.TIMEVAL.byteSize();
            if (Libc.setsockopt(cs, fd, LinuxAbi.SOL_SOCKET, LinuxAbi.SO_RCVTIMEO, tv, size) < 0) {
                throw Libc.error("setsockopt(SO_RCVTIMEO)", cs);
            }
            if (Libc.setsockopt(cs, fd, LinuxAbi.SOL_SOCKET, LinuxAbi.SO_SNDTIMEO, tv, size) < 0) {
                throw Libc.error("setsockopt(SO_SNDTIMEO)", cs);
            }
        } finally {
            handle.release();
        }
    }

    public boolean isOpen() {
        return handle.isOpen();
    }

    /** Closes the connection; a thread blocked in a receive on it returns with an error. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }


    @Override
    public String toString() {
        return "UnixConnection[" + handle + "]";
    }
}
