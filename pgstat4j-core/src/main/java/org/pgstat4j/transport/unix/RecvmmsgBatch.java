package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One {@code recvmmsg} call straight into the slots of a ring: the message headers and I/O
 * vectors for up to {@code batch} datagrams, built once, each vector pointed at a slot chosen
 * per call, and the call's own errno capture.
 *
 * <p>Invariant: the headers, vectors and call state are used by one thread at a time — the
 * ring's producer (the caller holds that role) — and a call allocates nothing. The misuse to
 * avoid: two threads receiving through one batch at once.
 */
final class RecvmmsgBatch {
    /** {@link #receive}: the socket had nothing. */
    static final int EMPTY = -1;

    private final MemorySegment msgs;
    private final MemorySegment iovs;
    private final MemorySegment callState;
    private final long ringAddress;
    private final int slotSize;
    private final int slotMask;

    /** Headers for {@code batch} datagrams into {@code ring}, {@code slots} (a power of two) of {@code slotSize} bytes. */
    RecvmmsgBatch(Arena arena, MemorySegment ring, int slots, int slotSize, int batch) {
        this.msgs = arena.allocate(LinuxAbi.MMSGHDR, batch);
        this.iovs = arena.allocate(LinuxAbi.IOVEC, batch);
        this.callState = Libc.newCallState(arena);
        this.ringAddress = ring.address();
        this.slotSize = slotSize;
        this.slotMask = slots - 1;
        for (int i = 0; i < batch; i++) {
            MemorySegment m = msgs.asSlice(i * LinuxAbi.MMSGHDR.byteSize(), LinuxAbi.MMSGHDR.byteSize());
            m.fill((byte) 0);
            m.set(ValueLayout.ADDRESS, LinuxAbi.MMSG_HDR + LinuxAbi.MSG_IOV, iovs.asSlice(i * LinuxAbi.IOVEC.byteSize()));
            m.set(ValueLayout.JAVA_LONG, LinuxAbi.MMSG_HDR + LinuxAbi.MSG_IOVLEN, 1L);
            iovs.set(ValueLayout.JAVA_LONG, i * LinuxAbi.IOVEC.byteSize() + LinuxAbi.IOV_LEN, slotSize);
        }
    }

    /**
     * Receives up to {@code want} datagrams (at most the batch) without blocking into the slots
     * from {@code firstSlot} on, wrapping around the ring, and writes each one's length to
     * {@code lengths[slot]}: how many arrived; {@link #EMPTY} if none was waiting; 0 if the call
     * was interrupted or reported an earlier send's ICMP error (the queue is intact then).
     */
    int receive(int fd, int firstSlot, int want, int[] lengths) throws IOException {
        for (int i = 0; i < want; i++) {
            long at = (long) ((firstSlot + i) & slotMask) * slotSize;
            iovs.set(ValueLayout.JAVA_LONG, i * LinuxAbi.IOVEC.byteSize() + LinuxAbi.IOV_BASE, ringAddress + at);
        }
        int got = Libc.recvmmsg(callState, fd, msgs, want, LinuxAbi.MSG_DONTWAIT);
        if (got > 0) {
            for (int i = 0; i < got; i++) {
                lengths[(firstSlot + i) & slotMask] =
                        msgs.get(ValueLayout.JAVA_INT, i * LinuxAbi.MMSGHDR.byteSize() + LinuxAbi.MMSG_LEN);
            }
            return got;
        }
        int errno = Libc.errno(callState);
        if (errno == LinuxAbi.EAGAIN) {
            return EMPTY;
        }
        if (errno != LinuxAbi.EINTR && errno != LinuxAbi.ECONNREFUSED) {
            throw Libc.error("recvmmsg", errno);
        }
        return 0;
    }
}
