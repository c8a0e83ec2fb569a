package org.pgstat4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pgstat4j.protocol.SequencedMessage;

/**
 * A sender for the benchmark only, faster than any backend: {@code sendmmsg} 64 datagrams per
 * call on a descriptor of the statistics socket, each a prepared datagram behind a
 * {@link SequencedMessage} envelope with consecutive sequence numbers, as a process's
 * sequencing sender would number them. It floods so that the collector, not the sender, is
 * what limits the rate measured.
 */
final class BatchFlooder {
    private static final int BATCH = 64;
    private static final int SLOT = 1024;
    private static final long MMSGHDR = 64;
    private static final long IOVEC = 16;
    private static final MethodHandle SENDMMSG = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sendmmsg").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data = arena.allocate(BATCH * SLOT, 64);
    private final MemorySegment msgs = arena.allocate(BATCH * MMSGHDR, 8);
    private final MemorySegment iovs = arena.allocate(BATCH * IOVEC, 8);
    private final ByteBuffer bytes = data.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    private int sequence;

    /** {@code datagrams}: the bare PostgreSQL datagrams to send round-robin (position 0, limit = length). */
    BatchFlooder(int fd, int senderId, ByteBuffer[] datagrams) {
        this.fd = fd;
        for (int i = 0; i < BATCH; i++) {
            ByteBuffer d = datagrams[i % datagrams.length];
            int length = d.limit();
            int size = SequencedMessage.writeEnvelope(bytes.slice(i * SLOT, SLOT).order(ByteOrder.LITTLE_ENDIAN),
                    senderId, 0, length);
            bytes.put(i * SLOT + SequencedMessage.PAYLOAD, d, 0, length);
            iovs.set(JAVA_LONG, i * IOVEC, data.address() + (long) i * SLOT);
            iovs.set(JAVA_LONG, i * IOVEC + 8, size);
            msgs.set(JAVA_LONG, i * MMSGHDR + 16, iovs.address() + i * IOVEC); // msg_iov
            msgs.set(JAVA_LONG, i * MMSGHDR + 24, 1L); // msg_iovlen
        }
    }

    /** Sends {@code n} datagrams; returns how many the kernel took (the rest were refused, EAGAIN). */
    long send(long n) throws Throwable {
        long sent = 0;
        for (long done = 0; done < n; ) {
            int want = (int) Math.min(BATCH, n - done);
            for (int i = 0; i < want; i++) {
                bytes.putInt(i * SLOT + SequencedMessage.SEQUENCE, sequence + i);
            }
            int k = (int) SENDMMSG.invokeExact(fd, msgs, want, 0x40 /* MSG_DONTWAIT */);
            int took = Math.max(k, 0);
            // a refused datagram keeps its number unsent: a gap, as a real sender's drop would be
            sequence += want;
            sent += took;
            done += want;
        }
        return sent;
    }

    void close() {
        arena.close();
    }
}
