package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The collector's receive side: a ring of {@value #SLOTS} slots of {@value #SLOT_SIZE} bytes
 * filled by {@code recvmmsg}, {@value #BATCH} datagrams per call, and emptied one by one by the
 * consumer (the collector thread), with a drain thread that keeps the socket from overflowing
 * while the collector applies a burst or writes stats files: a burst waits in the kernel's
 * receive buffer, which {@link ReceiveBuffer} raised at start, and then in the ring (4 MiB).
 *
 * <p>The collector receives the next batch itself whenever it finds the ring empty: on its own
 * core the datagrams are read once, from cache, where handing them over from another thread
 * costs more CPU than receiving them. The drain thread wakes an idle collector when the socket
 * becomes readable (after up to {@link #GATHER_NANOS}, so that one call takes a batch; at once
 * when the first waiting datagram is an inquiry, whose reader waits for the answer), and
 * takes over only when the kernel's queue holds half the receive buffer
 * ({@link ReceiveQueue}): the collector is behind or busy, and the kernel's buffer must not
 * fill while the ring has room; it then receives until the socket is empty. Where the kernel
 * does not report its queue, it takes over whenever the collector has not taken a datagram
 * for a gathering period.
 *
 * <p>Invariants: the ring has one producer at a time (whichever thread holds
 * {@code producing}: the drain thread or the consumer) and one consumer (one collector
 * thread); a slot is published by a volatile store of {@code tail} after the kernel wrote it,
 * and freed by a release store of {@code head} after the consumer is done with it.
 * When the ring is full the drain thread stops receiving (nothing is dropped here; the kernel
 * buffer takes the excess, and what overflows it shows as kernel drops). A slot is larger than
 * any valid datagram, so an over-long one arrives cut to {@value #SLOT_SIZE} bytes and is
 * still seen as over-long. Receiving allocates nothing.
 *
 * <p>The receiver owns the descriptor it is given and closes it in {@link #close()}; closing
 * it leaves the socket open in its other holders. The misuse to avoid: two consumer threads.
 */
public final class DrainingReceiver implements AutoCloseable {
    /** Datagrams asked for per {@code recvmmsg}. */
    public static final int BATCH = 64;
    /** Ring slots (a power of two). */
    public static final int SLOTS = 4096;
    /** Bytes per slot: more than the 1000-byte limit, so over-long datagrams show as such. */
    public static final int SLOT_SIZE = 1024;
    /** How long the drain thread sleeps in poll before looking whether it was closed. */
    private static final int POLL_MILLIS = 200;
    /**
     * The longest the drain thread lets datagrams gather after the socket became readable: a
     * wake-up per datagram would cost more CPU than receiving it. The wait actually used is
     * shorter when the receive buffer is small: what half the granted buffer holds
     * (~2.3 KB of kernel memory per full datagram) at a million datagrams per second.
     */
    static final long GATHER_NANOS = 1_000_000;
    /** {@link #fill}: the socket had nothing. */
    private static final int EMPTY = RecvmmsgBatch.EMPTY;
    /** {@link #fill}: the ring had no room. */
    private static final int FULL = -2;
    /** Kernel memory a full datagram takes in the receive queue (its truesize), roughly. */
    private static final int DATAGRAM_TRUESIZE = 2304;

    private final NativeFd handle;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring = arena.allocate((long) SLOTS * SLOT_SIZE, 64);
    private final ByteBuffer ringBytes = ring.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    private final int[] lengths = new int[SLOTS];
    /** One little-endian view per slot, made once: {@link #receiveInPlace()} allocates nothing. */
    private final ByteBuffer[] views = new ByteBuffer[SLOTS];
    /** Whether the consumer holds the slot at {@code head} (handed out by receiveInPlace). */
    private boolean holding;
    private final RecvmmsgBatch batch = new RecvmmsgBatch(arena, ring, SLOTS, SLOT_SIZE, BATCH);
    /** The kernel's queue, as the drain thread sees it (drain thread only; its own call state). */
    private final ReceiveQueue queue = new ReceiveQueue(arena);
    /**
     * Added to a position to find its slot; changed only by the producer while the ring is
     * empty, before it publishes {@code tail}, and read by the consumer after it reads it.
     */
    private long slotBase;
    /** Position of the next datagram received (= datagrams received so far); written by the producer. */
    private final AtomicLong tail = new AtomicLong();
    /** Position of the next datagram the consumer takes; written by it alone. */
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    /** Held by whichever thread is receiving into the ring: the drain thread or the consumer. */
    private final AtomicBoolean producing = new AtomicBoolean();
    private final Thread drainer;
    private final ReceiveBuffer.Result buffer;
    private final long gatherNanos;
    private volatile Thread consumerWaiting;
    /** Set by the drain thread when the socket became readable while the consumer waited. */
    private volatile boolean socketReady;
    /** The consumer's position the drain thread saw last (drain thread only). */
    private long lastSeenHead;
    /** The drain thread receives until the socket is empty (drain thread only). */
    private boolean draining;
    private volatile boolean wakeupPending;
    private volatile boolean drainerWaiting;
    private volatile boolean closed;
    private volatile IOException failure;

    /**
     * Takes ownership of {@code datagramFd}, raises its receive buffer to
     * {@link ReceiveBuffer#REQUESTED} and starts draining it.
     */
    public DrainingReceiver(int datagramFd, System.Logger log) {
        this(datagramFd, ReceiveBuffer.REQUESTED, log);
    }

    /** As above, asking for a receive buffer of {@code requestedBuffer} bytes (never lowered). */
    public DrainingReceiver(int datagramFd, int requestedBuffer, System.Logger log) {
        LinuxAbi.requireSupported();
        this.handle = new NativeFd(datagramFd, false); // never shut down: the socket is shared
        this.buffer = ReceiveBuffer.raise(datagramFd, requestedBuffer, log);
        // at 1 datagram per µs, half the buffer fills in (granted / 2 / truesize) µs
        this.gatherNanos = Math.max(0, Math.min(GATHER_NANOS, buffer.granted() / 2L / DATAGRAM_TRUESIZE * 1000L));
        for (int i = 0; i < SLOTS; i++) {
            views[i] = ringBytes.slice(i * SLOT_SIZE, SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        }
        this.drainer = Thread.ofPlatform().name("pgstat4j-collector-drain").daemon(true).start(this::drain);
    }

    /** The receive buffer request and what the kernel granted. */
    public ReceiveBuffer.Result receiveBuffer() {
        return buffer;
    }

    /**
     * Copies the next drained datagram into {@code dst} from offset 0 and returns its length,
     * with position 0 and limit at the length; or returns -1, leaving {@code dst} empty, if
     * none is waiting. Never blocks. A failure of the drain thread is thrown once, here.
     */
    public int receive(ByteBuffer dst) throws IOException {
        ByteBuffer in = receiveInPlace();
        dst.clear();
        if (in == null) {
            dst.limit(0);
            return -1;
        }
        int n = Math.min(in.limit(), dst.capacity());
        dst.put(0, in, 0, n).limit(n);
        return n;
    }

    /**
     * The next drained datagram where it lies in the ring, without a copy: a little-endian
     * view with the datagram at offset 0 and limit at its length (capacity
     * {@value #SLOT_SIZE}); or null if none is waiting. The view is valid until the next call
     * of this method or {@link #receive}, which hands its slot back to the drain thread.
     */
    public ByteBuffer receiveInPlace() throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        giveBack();
        long h = head.get();
        if (h == tail.getAcquire()) {
            receiveHere();
        }
        if (h == tail.getAcquire()) {
            IOException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
            return null;
        }
        int slot = (int) ((h + slotBase) & (SLOTS - 1));
        ByteBuffer v = views[slot];
        v.clear().limit(Math.min(lengths[slot], SLOT_SIZE));
        holding = true;
        return v;
    }

    /** Frees the slot handed out by the last {@link #receiveInPlace()}, if any. */
    private void giveBack() {
        if (holding) {
            holding = false;
            head.setRelease(head.get() + 1);
            if (drainerWaiting) {
                LockSupport.unpark(drainer);
            }
        }
    }

    /**
     * Waits until a datagram has been drained, {@link #wakeup()} is called, or
     * {@code timeoutMillis} pass. Returns true if one is waiting.
     */
    public boolean awaitReadable(long timeoutMillis) {
        giveBack();
        if (head.get() != tail.get() || failure != null) {
            return true;
        }
        consumerWaiting = Thread.currentThread();
        LockSupport.unpark(drainer); // from looking at a busy collector's queue to waiting for the socket
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (head.get() == tail.get() && failure == null && !closed) {
                if (socketReady) {
                    socketReady = false;
                    return true; // nothing in the ring, but the socket has datagrams to receive
                }
                if (wakeupPending) {
                    wakeupPending = false;
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            return head.get() != tail.get() || failure != null;
        } finally {
            consumerWaiting = null;
        }
    }

    /** Makes the current or next {@link #awaitReadable} return at once. Any thread. */
    public void wakeup() {
        wakeupPending = true;
        Thread t = consumerWaiting;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Datagrams drained from the socket so far. */
    public long drained() {
        return tail.get();
    }

    /** {@code recvmmsg} calls that returned datagrams: {@link #drained()} / this is the mean batch. */
    public long batches() {
        return calls.get();
    }

    private void drain() {
        while (!closed) {
            int fd = handle.acquire();
            if (fd < 0) {
                return;
            }
            try {
                drainOnce(fd);
            } catch (IOException e) {
                failure = e;
                wakeup();
                LockSupport.parkNanos(10_000_000L); // a broken socket must not spin the thread
            } finally {
                handle.release();
            }
        }
    }

    /**
     * One step of the drain thread: tell an idle collector that the socket is readable; let a
     * busy one receive by itself while the kernel's queue is under half the buffer; else
     * receive batches into the ring until the socket is empty (see the class comment).
     */
    private void drainOnce(int fd) throws IOException {
        long h = head.get();
        boolean moved = h != lastSeenHead;
        lastSeenHead = h;
        boolean ringEmpty = tail.get() == h;
        if (ringEmpty && !socketReady) {
            Thread idle = consumerWaiting;
            if (idle != null) {
                if (awaitSocket(fd)) {
                    socketReady = true;
                    LockSupport.unpark(idle);
                    LockSupport.parkNanos(this, Math.max(gatherNanos, 50_000L));
                }
                return;
            }
        }
        if (!draining) {
            long queued = queue.bytes(fd);
            if (queued >= 0 && 2 * queued < queue.limit()) {
                // look again when half of the room left could have filled at a million datagrams a second
                LockSupport.parkNanos(this, Math.max(50_000L, (queue.limit() - queued) / 2 / DATAGRAM_TRUESIZE * 1000L));
                return;
            }
            if (queued < 0 && ringEmpty && moved) {
                LockSupport.parkNanos(this, Math.max(gatherNanos, 50_000L));
                return;
            }
            draining = true; // until the socket is empty
        }
        int got = fill(fd);
        if (got == FULL) {
            drainerWaiting = true;
            if (SLOTS - (int) (tail.get() - head.get()) == 0) {
                LockSupport.parkNanos(this, 1_000_000L);
            }
            drainerWaiting = false;
        } else if (got == EMPTY) {
            draining = false;
            awaitSocket(fd);
        } else if (got == 0) {
            draining = false;
            LockSupport.parkNanos(this, 50_000L); // the collector is receiving right now
        }
    }

    /**
     * Receives one batch into the free slots and publishes it, unless another thread is doing
     * so: the number received; 0 if another thread is receiving (or the call was interrupted);
     * {@link #EMPTY} if the socket has nothing; {@link #FULL} if the ring has no room. The
     * producer role is taken with a compare-and-set, so the drain thread and the consumer
     * never receive at once and the ring keeps one producer at a time.
     */
    private int fill(int fd) throws IOException {
        if (!producing.compareAndSet(false, true)) {
            return 0;
        }
        try {
            long t = tail.get();
            int room = SLOTS - (int) (t - head.getAcquire());
            if (room == 0) {
                return FULL;
            }
            if (room == SLOTS) {
                slotBase = -t; // an empty ring starts again at slot 0: the slots last written are in cache
            }
            int got = batch.receive(fd, (int) ((t + slotBase) & (SLOTS - 1)), Math.min(BATCH, room), lengths);
            if (got > 0) {
                calls.incrementAndGet();
                tail.set(t + got); // a full fence: pairs with the consumer's store of consumerWaiting
                Thread c = consumerWaiting;
                if (c != null) {
                    LockSupport.unpark(c);
                }
            }
            return got;
        } finally {
            producing.set(false);
        }
    }

    /**
     * The consumer found the ring empty: it receives a batch itself rather than wait for the
     * drain thread, which saves handing every datagram from one thread to another while the
     * collector keeps up. Errors are thrown to the consumer.
     */
    private void receiveHere() throws IOException {
        int fd = handle.acquire();
        if (fd < 0) {
            throw new java.nio.channels.ClosedChannelException();
        }
        try {
            fill(fd);
        } finally {
            handle.release();
        }
    }

    /**
     * Waits (bounded) until the socket is readable, then lets datagrams gather unless the first
     * is an inquiry (a reader is waiting for the write it asks for); true if readable.
     */
    private boolean awaitSocket(int fd) throws IOException {
        boolean ready = queue.awaitReadable(fd, POLL_MILLIS);
        if (ready && gatherNanos > 0 && !queue.inquiryFirst(fd)) {
            LockSupport.parkNanos(this, gatherNanos);
        }
        return ready;
    }

    /** Stops the drain thread and closes this descriptor; the socket lives on in its other holders. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeup();
        LockSupport.unpark(drainer);
        try {
            drainer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handle.close();
        if (!drainer.isAlive()) {
            arena.close();
        }
    }
}
