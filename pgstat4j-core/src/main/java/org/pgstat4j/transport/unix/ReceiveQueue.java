package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.Wire;

/**
 * A socket's kernel receive queue as the drain thread watches it: how full it is
 * ({@code SO_MEMINFO}'s {@code rmem_alloc}, the bytes its waiting datagrams take — their
 * truesize, the figure the kernel compares with the receive buffer before it drops one; it
 * may count up to a quarter of the buffer already received, which UDP gives back in batches
 * and wholly once the queue is empty), whether its first datagram is an inquiry, and
 * a bounded wait until it is readable ({@code poll}). One system call per question, no
 * allocation; its own call state, so errno never mixes with another thread's calls.
 *
 * <p>Invariant: {@link #bytes} is either the kernel's current figure or -1, and once the
 * kernel has refused the option (a kernel before 4.6, or a filter) it answers -1 from then on
 * without asking again, so a caller's fallback decides for good.
 *
 * <p>Owned by one thread (its buffers are reused); the misuse to avoid: asking from two
 * threads at once.
 */
final class ReceiveQueue {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(Wire.ORDER);
    /** SO_MEMINFO fills up to this many u32 figures (SK_MEMINFO_VARS is 9 on current kernels). */
    private static final int FIGURES = 16;

    private final MemorySegment figures;
    private final MemorySegment length;
    private final MemorySegment callState;
    private final MemorySegment pollfd;
    /** The first bytes of the first waiting datagram ({@link #inquiryFirst}). */
    private final MemorySegment head;
    private boolean refused;
    private long limit = -1;

    ReceiveQueue(Arena arena) {
        this.figures = arena.allocate(ValueLayout.JAVA_INT, FIGURES);
        this.length = arena.allocate(ValueLayout.JAVA_INT);
        this.callState = Libc.newCallState(arena);
        this.pollfd = arena.allocate(LinuxAbi.POLLFD);
        this.head = arena.allocate(SequencedMessage.PAYLOAD + Wire.HEADER_SIZE, 8);
    }

    /** Waits up to {@code millis} until {@code fd} is readable; true if it is. */
    boolean awaitReadable(int fd, int millis) throws IOException {
        pollfd.set(ValueLayout.JAVA_INT, LinuxAbi.POLLFD_FD, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, LinuxAbi.POLLFD_EVENTS, LinuxAbi.POLLIN);
        pollfd.set(ValueLayout.JAVA_SHORT, LinuxAbi.POLLFD_REVENTS, (short) 0);
        int ready = Libc.poll(callState, pollfd, 1, millis);
        if (ready < 0 && Libc.errno(callState) != LinuxAbi.EINTR) {
            throw Libc.error("poll", callState);
        }
        return ready > 0;
    }

    /**
     * Whether the first datagram waiting on {@code fd} is an inquiry (bare, or the payload of
     * a sequence envelope): a reader waits for its answer, so it is handed on without letting
     * others gather. One {@code recv} with {@code MSG_PEEK}; false when nothing is waiting.
     */
    boolean inquiryFirst(int fd) {
        long n = Libc.recv(callState, fd, head, head.byteSize(), LinuxAbi.MSG_PEEK | LinuxAbi.MSG_DONTWAIT);
        if (n < Wire.HEADER_SIZE) {
            return false;
        }
        int type = head.get(INT, Wire.TYPE_OFFSET);
        if (type == SequencedMessage.CODE && n >= SequencedMessage.PAYLOAD + Wire.HEADER_SIZE) {
            type = head.get(INT, SequencedMessage.PAYLOAD + Wire.TYPE_OFFSET);
        }
        return type == StatMsgType.INQUIRY.code();
    }

    /** Bytes the receive queue of {@code fd} holds now, or -1 if the kernel does not say. */
    long bytes(int fd) {
        if (refused) {
            return -1;
        }
        length.set(ValueLayout.JAVA_INT, 0, FIGURES * Integer.BYTES);
        if (Libc.getsockopt(callState, fd, LinuxAbi.SOL_SOCKET, LinuxAbi.SO_MEMINFO, figures, length) != 0
                || length.get(ValueLayout.JAVA_INT, 0) < (LinuxAbi.SK_MEMINFO_RCVBUF + 1) * Integer.BYTES) {
            refused = true;
            return -1;
        }
        limit = Integer.toUnsignedLong(figures.getAtIndex(ValueLayout.JAVA_INT, LinuxAbi.SK_MEMINFO_RCVBUF));
        return Integer.toUnsignedLong(figures.getAtIndex(ValueLayout.JAVA_INT, LinuxAbi.SK_MEMINFO_RMEM_ALLOC));
    }

    /** The receive buffer's limit as the last {@link #bytes} call read it (the queue drops past it), or -1. */
    long limit() {
        return limit;
    }
}
