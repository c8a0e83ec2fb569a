package org.pgstat4j.collector;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.pgstat4j.protocol.RejectReason;

/**
 * The collector's own health counters: what it received, applied and rejected (by reason),
 * how many stats-file writes it made or failed, receive errors it survived, and the gaps in
 * its senders' sequence numbers ({@link SenderSequences}). Written by
 * the collector thread, readable from any thread at any time. The per-datagram counts
 * (received, applied) have that one writer and are counted without an atomic add.
 *
 * <p>The one way to misuse it: reading several counters as one consistent picture. Each is
 * read on its own while the collector goes on writing, so a sum of them may be mid-update.
 */
public final class CollectorCounters {
    /** Counted for every datagram, by the collector thread alone: a release store, no atomic add. */
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final LongAdder[] rejected = new LongAdder[RejectReason.values().length];
    private final LongAdder fileWrites = new LongAdder();
    private final LongAdder fileWriteFailures = new LongAdder();
    private final LongAdder receiveErrors = new LongAdder();
    private final LongAdder inquiries = new LongAdder();
    private final SenderSequences sequences = new SenderSequences();

    public CollectorCounters() {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
    }

    void countReceived() {
        received.setRelease(received.getPlain() + 1);
    }

    void countApplied() {
        applied.setRelease(applied.getPlain() + 1);
    }

    void countRejected(RejectReason r) {
        rejected[r.ordinal()].increment();
    }

    void countFileWrite(boolean ok) {
        (ok ? fileWrites : fileWriteFailures).increment();
    }

    public void countReceiveError() {
        receiveErrors.increment();
    }

    void countInquiry() {
        inquiries.increment();
    }

    public long received() {
        return received.get();
    }

    public long applied() {
        return applied.get();
    }

    public long rejected() {
        long n = 0;
        for (LongAdder a : rejected) {
            n += a.sum();
        }
        return n;
    }

    public long rejected(RejectReason r) {
        return rejected[r.ordinal()].sum();
    }

    public Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            m.put(r, rejected(r));
        }
        return m;
    }

    public long fileWrites() {
        return fileWrites.sum();
    }

    public long fileWriteFailures() {
        return fileWriteFailures.sum();
    }

    public long receiveErrors() {
        return receiveErrors.sum();
    }

    public long inquiries() {
        return inquiries.sum();
    }

    /** Per-sender sequence numbers: datagrams lost on their way, by sender. */
    public SenderSequences sequences() {
        return sequences;
    }
}
