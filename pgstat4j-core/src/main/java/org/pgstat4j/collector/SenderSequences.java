package org.pgstat4j.collector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.pgstat4j.store.IntHashMap;

/**
 * Per-sender sequence tracking: from the sequence numbers of
 * {@link org.pgstat4j.protocol.SequencedMessage SEQUENCED} datagrams, how many datagrams each
 * sender numbered that never reached the collector — lost in the sender (buffer full) or in
 * the kernel (receive queue full) alike.
 *
 * <p>Invariant: for every sender, {@code lost = (highest sequence seen − first sequence seen
 * + 1) − datagrams received}, counted from the first datagram the collector saw from it.
 * Datagrams a sender numbered before that (before this collector started) are not counted.
 * A datagram overtaken by a later one (concurrent sends of one sender) first shows as a gap
 * and then fills it, so the figure is exact whenever no datagram is in flight. Sequence
 * numbers are 32-bit and wrap; they are extended to 64 bits against the highest one seen, so
 * a sender may overtake itself by up to 2^31 datagrams.
 *
 * <p>Written by the collector thread only ({@link #record}); the totals and
 * {@link #lostBySender()} may be read from any thread. At most {@value #MAX_SENDERS} senders
 * are tracked; datagrams of further senders are counted in {@link #untracked()}.
 *
 * <p>The one way to misuse it: reading a sender's figure while its datagrams are still in
 * flight. An overtaken datagram shows as a gap until it arrives; read the totals at rest.
 */
public final class SenderSequences {
    /** Beyond this many senders a new one is not tracked: the table must not grow without bound. */
    public static final int MAX_SENDERS = 65_536;

    /** One sender: collector thread only. */
    private static final class Sender {
        long highest;
        long lost;
    }

    private final IntHashMap<Sender> senders = new IntHashMap<>();
    private final Map<Integer, Long> lostBySender = new ConcurrentHashMap<>();
    /** Counted for every datagram by the collector thread alone: a release store, no atomic add. */
    private final AtomicLong received = new AtomicLong();
    private final LongAdder lost = new LongAdder();
    private final LongAdder untracked = new LongAdder();
    private volatile int senderCount;

    /** Notes one sequenced datagram (collector thread only). */
    void record(int senderId, int sequence) {
        received.setRelease(received.getPlain() + 1);
        Sender s = senders.get(senderId);
        if (s == null) {
            if (senders.size() >= MAX_SENDERS) {
                untracked.increment();
                return;
            }
            s = new Sender();
            s.highest = Integer.toUnsignedLong(sequence);
            senders.put(senderId, s);
            senderCount = senders.size();
            return;
        }
        long at = s.highest + (sequence - (int) s.highest); // signed 32-bit distance from the highest
        long change;
        if (at > s.highest) {
            change = at - s.highest - 1;
            s.highest = at;
        } else {
            change = s.lost > 0 ? -1 : 0; // a late datagram fills one of the gaps counted before
        }
        if (change != 0) {
            s.lost += change;
            lost.add(change);
            if (s.lost == 0) {
                lostBySender.remove(senderId);
            } else {
                lostBySender.put(senderId, s.lost);
            }
        }
    }

    /** Sequenced datagrams received. */
    public long received() {
        return received.get();
    }

    /** Datagrams numbered by their senders that did not arrive, all senders together. */
    public long lost() {
        return lost.sum();
    }

    /** Senders seen so far. */
    public int senders() {
        return senderCount;
    }

    /** Sequenced datagrams from senders beyond {@link #MAX_SENDERS}, whose gaps are not counted. */
    public long untracked() {
        return untracked.sum();
    }

    /** The senders with datagrams lost, and how many each. */
    public Map<Integer, Long> lostBySender() {
        return Map.copyOf(lostBySender);
    }
}
