package org.pgstat4j.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.Wire;

/**
 * A {@link StatsSender} that numbers what it sends: each datagram goes out inside a
 * {@link SequencedMessage} envelope carrying this sender's identity and its next sequence
 * number, so the collector can count the datagrams of this sender that never arrived,
 * wherever they were lost. The datagram itself is unchanged behind the envelope.
 *
 * <p>Invariant: sequence numbers are given out in the order the datagrams are handed to the
 * underlying sender, one per {@link #send} call, dropped or not — a datagram dropped here
 * (full buffer) leaves a gap the collector counts, as does one the kernel drops later. A
 * datagram too long to wrap (over {@link SequencedMessage#MAX_PAYLOAD} bytes; pgstat4j's
 * backends never make one) goes out bare and unnumbered, and is counted in
 * {@link #unsequencedCount()}.
 *
 * <p>Thread-safe: a lock keeps numbering and sending in one order (the socket serialises
 * sends anyway), and the envelope buffer is used under it. Never blocks on the collector,
 * never throws, like every sender.
 *
 * <p>The one way to misuse it: sharing one sequencing sender's identity between processes.
 * Two processes numbering under one identity look to the collector like lost datagrams.
 */
public final class SequencingSender implements StatsSender {
    private static final SecureRandom IDS = new SecureRandom();

    private final StatsSender out;
    private final int senderId;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer envelope = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
    private int next; // guarded by lock
    private long unsequenced; // guarded by lock

    /** Numbers what goes out through {@code out}, under a random sender identity. */
    public SequencingSender(StatsSender out) {
        this(out, IDS.nextInt());
    }

    SequencingSender(StatsSender out, int senderId) {
        this.out = out;
        this.senderId = senderId;
    }

    /** The sender it numbers datagrams for. */
    public StatsSender target() {
        return out;
    }

    /** This sender's identity, as the collector sees it. */
    public int senderId() {
        return senderId;
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        int length = datagram.remaining();
        lock.lock();
        try {
            if (length < Wire.HEADER_SIZE || length > SequencedMessage.MAX_PAYLOAD) {
                unsequenced++;
                return out.send(datagram);
            }
            int size = SequencedMessage.writeEnvelope(envelope, senderId, next++, length);
            envelope.clear();
            envelope.put(SequencedMessage.PAYLOAD, datagram, datagram.position(), length);
            envelope.limit(size);
            boolean sent = out.send(envelope);
            if (sent) {
                datagram.position(datagram.limit());
            }
            return sent;
        } finally {
            lock.unlock();
        }
    }

    /** Sequence numbers given out so far (wrapping at 2^32 on the wire). */
    public long sequenced() {
        lock.lock();
        try {
            return Integer.toUnsignedLong(next);
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams sent bare because they were too long or too short to wrap. */
    public long unsequencedCount() {
        lock.lock();
        try {
            return unsequenced;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sentCount() {
        return out.sentCount();
    }

    @Override
    public long droppedCount() {
        return out.droppedCount();
    }
}
