package org.pgstat4j.transport.unix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.pgstat4j.transport.StatsSender;

/**
 * A {@link StatsSender} over a raw descriptor of a connected datagram socket — the statistics
 * socket as received from the server by {@link FdPassing}, in a process the server did not
 * start as a thread of its own.
 *
 * <p>Invariant (DESIGN.md §4): {@link #send} never blocks and never throws. Every send uses
 * {@code MSG_DONTWAIT}, so it does not depend on the O_NONBLOCK flag that all holders of the
 * socket share (and any of them could change); a datagram the kernel does not take at once
 * (EAGAIN, ENOBUFS), or any other failure, is dropped and counted, never retried — except
 * EINTR, which means nothing was sent, as in PostgreSQL's {@code pgstat_send}. The first
 * failure that is not a full buffer is logged once.
 *
 * <p>Thread-safe without locks: counters are {@link LongAdder}s, and each thread copies heap
 * buffers into its own native scratch segment (allocated once per thread; direct buffers are
 * sent in place). The sender owns the descriptor; {@link #close()} closes it once no send is
 * using it, and later sends are dropped.
 */
public final class RawDatagramSender implements StatsSender, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RawDatagramSender.class.getName());
    /** Initial scratch size: any PostgreSQL statistics message (at most 1000 bytes) fits. */
    private static final int SCRATCH_BYTES = 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final NativeFd handle;
    private final LongAdder sent = new LongAdder();
    private final LongAdder droppedBufferFull = new LongAdder();
    private final LongAdder droppedFailed = new LongAdder();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    /** Takes ownership of {@code datagramFd}, a connected datagram socket. */
    public RawDatagramSender(int datagramFd) {
        LinuxAbi.requireSupported();
        this.handle = new NativeFd(datagramFd, false); // never shut down: the socket is shared
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        int fd = handle.acquire();
        if (fd < 0) {
            droppedFailed.increment();
            return false;
        }
        try {
            Scratch scratch = SCRATCH.get();
            int length = datagram.remaining();
            MemorySegment source = datagram.isDirect()
                    ? MemorySegment.ofBuffer(datagram)
                    : scratch.copyOf(datagram, length);
            long n;
            do {
                n = Libc.send(scratch.callState, fd, source, length, LinuxAbi.MSG_DONTWAIT | LinuxAbi.MSG_NOSIGNAL);
            } while (n < 0 && Libc.errno(scratch.callState) == LinuxAbi.EINTR);
            if (n >= 0) {
                datagram.position(datagram.position() + length);
                sent.increment();
                return true;
            }
            countDrop(Libc.errno(scratch.callState), fd);
            return false;
        } catch (RuntimeException e) {
            // Statistics never hurt the caller: a failure here is one more dropped datagram.
            droppedFailed.increment();
            logOnce(() -> "statistics datagram dropped: " + e);
            return false;
        } finally {
            handle.release();
        }
    }

    @Override
    public long sentCount() {
        return sent.sum();
    }

    @Override
    public long droppedCount() {
        return droppedBufferFull.sum() + droppedFailed.sum();
    }

    /** Datagrams dropped because the socket's buffer was full (EAGAIN, ENOBUFS). */
    public long droppedBufferFullCount() {
        return droppedBufferFull.sum();
    }

    /** Datagrams dropped for any other reason (peer gone, sender closed, ...). */
    public long droppedFailedCount() {
        return droppedFailed.sum();
    }

    public boolean isOpen() {
        return handle.isOpen();
    }

    /** Closes the descriptor once no send is using it; later sends are dropped. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }

    private void countDrop(int errno, int fd) {
        if (errno == LinuxAbi.EAGAIN || errno == LinuxAbi.ENOBUFS) {
            droppedBufferFull.increment();
        } else {
            droppedFailed.increment();
            logOnce(() -> "statistics datagram dropped: send on fd " + fd + ": " + Libc.strerror(errno)
                    + " (errno " + errno + "); further failures are only counted");
        }
    }

    private void logOnce(Supplier<String> message) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    /** One thread's native buffer and errno slot, reused for every send of that thread. */
    private static final class Scratch {
        final MemorySegment callState = Libc.newCallState(Arena.ofAuto());
        private MemorySegment buffer = Arena.ofAuto().allocate(SCRATCH_BYTES);

        MemorySegment copyOf(ByteBuffer heap, int length) {
            if (buffer.byteSize() < length) {
                // A rare oversized datagram: its own arena, so the old buffer can be freed.
                buffer = Arena.ofAuto().allocate(length);
            }
            MemorySegment.copy(MemorySegment.ofBuffer(heap), 0, buffer, 0, length);
            return buffer;
        }
    }
}
