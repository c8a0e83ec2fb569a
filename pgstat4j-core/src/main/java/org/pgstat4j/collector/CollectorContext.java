package org.pgstat4j.collector;

import java.nio.ByteBuffer;
import org.pgstat4j.protocol.ApplyContext;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;

/**
 * What the kinds' handlers may touch, for one collector: its live {@link StatsStore}, its
 * {@link WriteRequests}, its {@link CollectorCounters} and its stats files. {@link #apply}
 * hands a validated datagram to the handler its {@link StatMsgType} row names; nothing here
 * knows a kind by name. Owned by the collector thread, like the store.
 *
 * <p>Invariant: {@link #apply} returns why an enclosed datagram (a {@code SEQUENCED}
 * envelope's payload) was refused, or null; the enclosing datagram has been applied either way.
 */
final class CollectorContext implements ApplyContext {
    private final StatsStore store;
    private final WriteRequests requests;
    private final CollectorCounters counters;
    private final StatsPersistence persistence;
    /** An enclosed datagram, copied out so that it starts at offset 0 as validation expects. */
    private final ByteBuffer enclosed = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
    private RejectReason enclosedRejected;

    CollectorContext(StatsStore store, WriteRequests requests, CollectorCounters counters,
                     StatsPersistence persistence) {
        this.store = store;
        this.requests = requests;
        this.counters = counters;
        this.persistence = persistence;
    }

    /**
     * Applies a datagram that passed {@link MessageCodec#validate} with its kind's handler.
     * Returns null, or why the datagram it enclosed was refused (counted as rejected then).
     */
    RejectReason apply(ByteBuffer validated, long now) {
        enclosedRejected = null;
        StatMsgType.fromCode(validated.getInt(Wire.TYPE_OFFSET)).apply(validated, this, now);
        return enclosedRejected;
    }

    @Override
    public StatsStore store() {
        return store;
    }

    @Override
    public StatsPersistence persistence() {
        return persistence;
    }

    @Override
    public void countInquiry() {
        counters.countInquiry();
    }

    @Override
    public boolean writeRequested(int databaseId) {
        return requests.contains(databaseId);
    }

    @Override
    public void requestWrite(int databaseId) {
        requests.add(databaseId);
    }

    @Override
    public void senderSequence(int senderId, int sequence) {
        counters.sequences().record(senderId, sequence);
    }

    @Override
    public void applyEnclosed(ByteBuffer datagram, int offset, int length, long now) {
        enclosed.clear().put(0, datagram, offset, length);
        enclosedRejected = MessageCodec.validate(enclosed, length);
        if (enclosedRejected == null) {
            StatMsgType.fromCode(enclosed.getInt(Wire.TYPE_OFFSET)).apply(enclosed, this, now);
        }
    }
}
