package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns one descriptor number and closes it exactly once, never while a call is using it.
 *
 * <p>Why: a descriptor number is reused by the kernel as soon as it is closed. If one thread
 * closed while another was about to {@code send} on the same number, that send could land in
 * whatever file or socket got the number next. So every use is bracketed by
 * {@link #acquire()} / {@link #release()}; {@link #close()} only marks the descriptor closed,
 * and the real {@code close(2)} happens when the last user releases it.
 *
 * <p>Invariant: {@code state} = CLOSED bit | number of users in a call. The descriptor is
 * closed when the state becomes exactly CLOSED, which happens once.
 *
 * <p>A listening or connected stream socket may be given a {@code shutdown} on close, to wake
 * a thread blocked in accept or recv. The shared statistics socket must never get one: that
 * would shut it down for every process holding it.
 */
final class NativeFd implements AutoCloseable {
    private static final long CLOSED = 1L << 62;

    private final int fd;
    private final boolean shutdownOnClose;
    private final AtomicLong state = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();

    /** Takes ownership of {@code fd}. */
    NativeFd(int fd, boolean shutdownOnClose) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fd);
        }
        this.fd = fd;
        this.shutdownOnClose = shutdownOnClose;
    }

    /** The number, for messages and for callers that bracket their own use; may be closed. */
    int number() {
        return fd;
    }

    /** The descriptor for one call, or -1 if closed; a non-negative result must be released. */
    int acquire() {
        long s = state.incrementAndGet();
        if ((s & CLOSED) != 0) {
            release();
            return -1;
        }
        return fd;
    }

    /** {@link #acquire()} for a call that cannot go on without the descriptor. */
    int acquireOpen() throws java.nio.channels.ClosedChannelException {
        int fd = acquire();
        if (fd < 0) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return fd;
    }

    /** Ends a use begun by a successful {@link #acquire()} (or a refused one, internally). */
    void release() {
        if (state.decrementAndGet() == CLOSED) {
            closeNow();
        }
    }

    boolean isOpen() {
        return (state.get() & CLOSED) == 0;
    }

    /** Marks closed; closes now if unused, else when the last user releases. Idempotent. */
    @Override
    public void close() {
        // Count ourselves as a user so the number stays ours while we shut it down.
        long s = state.incrementAndGet();
        while ((s & CLOSED) == 0) {
            if (state.compareAndSet(s, s | CLOSED)) {
                if (shutdownOnClose) {
                    shutdownQuietly();
                }
                break;
            }
            s = state.get();
        }
        release();
    }

    private void shutdownQuietly() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            Libc.shutdown(cs, fd, LinuxAbi.SHUT_RDWR); // ENOTCONN on an idle socket is fine
        }
    }

    private void closeNow() {
        if (released.compareAndSet(false, true)) {
            try {
                Libc.closeFd(fd);
            } catch (IOException e) {
                // Linux releases the number whatever close reports; nothing is left to undo.
                System.getLogger(NativeFd.class.getName())
                        .log(System.Logger.Level.DEBUG, "closing descriptor " + fd + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + (isOpen() ? "" : " (closed)");
    }
}
