package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.StatsStore;

/**
 * PGSTAT_MTYPE_REPLSLOT (23, 144 bytes): logical replication slot counters since the last
 * report, or the slot's creation ({@code create}) or removal ({@code drop}). PostgreSQL leaves
 * the counters uninitialised in create/drop messages, so they are decoded as zero then.
 *
 * <p>The one way to misuse it: reading the counters of a create or drop message. PostgreSQL
 * leaves them uninitialised; they decode as zero and mean nothing.
 */
public record ReplSlotMessage(String slotName, boolean create, boolean drop, long spillTxns,
                              long spillCount, long spillBytes, long streamTxns, long streamCount,
                              long streamBytes, long totalTxns, long totalBytes) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_slotname: NameData, NUL-padded. */
    public static final int SLOT_NAME = LAYOUT.chars(Wire.NAMEDATALEN);
    /** m_create: the slot was created. */
    public static final int CREATE = LAYOUT.bool();
    /** m_drop: the slot was dropped. */
    public static final int DROP = LAYOUT.bool();
    /** m_spill_txns. */
    public static final int SPILL_TXNS = LAYOUT.int64();
    /** m_spill_count. */
    public static final int SPILL_COUNT = LAYOUT.int64();
    /** m_spill_bytes. */
    public static final int SPILL_BYTES = LAYOUT.int64();
    /** m_stream_txns. */
    public static final int STREAM_TXNS = LAYOUT.int64();
    /** m_stream_count. */
    public static final int STREAM_COUNT = LAYOUT.int64();
    /** m_stream_bytes. */
    public static final int STREAM_BYTES = LAYOUT.int64();
    /** m_total_txns. */
    public static final int TOTAL_TXNS = LAYOUT.int64();
    /** m_total_bytes. */
    public static final int TOTAL_BYTES = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public ReplSlotMessage {
        slotName = Wire.requireName(slotName, Wire.NAMEDATALEN, "slot name");
    }

    public static ReplSlotMessage created(String slotName) {
        return new ReplSlotMessage(slotName, true, false, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public static ReplSlotMessage dropped(String slotName) {
        return new ReplSlotMessage(slotName, false, true, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public StatMsgType type() {
        return StatMsgType.REPLSLOT;
    }

    public void encodeBody(ByteBuffer b) {
        Wire.putCString(b, SLOT_NAME, Wire.NAMEDATALEN, slotName);
        Wire.putBool(b, CREATE, create);
        Wire.putBool(b, DROP, drop);
        b.putLong(SPILL_TXNS, spillTxns);
        b.putLong(SPILL_COUNT, spillCount);
        b.putLong(SPILL_BYTES, spillBytes);
        b.putLong(STREAM_TXNS, streamTxns);
        b.putLong(STREAM_COUNT, streamCount);
        b.putLong(STREAM_BYTES, streamBytes);
        b.putLong(TOTAL_TXNS, totalTxns);
        b.putLong(TOTAL_BYTES, totalBytes);
    }

    static ReplSlotMessage decode(ByteBuffer b) {
        String name = Wire.getCString(b, SLOT_NAME, Wire.NAMEDATALEN - 1);
        boolean create = Wire.getBool(b, CREATE);
        boolean drop = Wire.getBool(b, DROP);
        if (create || drop) {
            return new ReplSlotMessage(name, create, drop, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new ReplSlotMessage(name, false, false, b.getLong(SPILL_TXNS), b.getLong(SPILL_COUNT),
                b.getLong(SPILL_BYTES), b.getLong(STREAM_TXNS), b.getLong(STREAM_COUNT),
                b.getLong(STREAM_BYTES), b.getLong(TOTAL_TXNS), b.getLong(TOTAL_BYTES));
    }

    /** The handler: a slot is created (counters zero), dropped, or its counts are added. */
    void apply(ApplyContext c, long now) {
        StatsStore store = c.store();
        if (drop) {
            store.replSlots().remove(slotName);
            return;
        }
        ReplSlotEntry s = store.replSlots().computeIfAbsent(slotName, ReplSlotEntry::new);
        if (create) {
            s.reset(0);
            return;
        }
        s.spillTxns += spillTxns;
        s.spillCount += spillCount;
        s.spillBytes += spillBytes;
        s.streamTxns += streamTxns;
        s.streamCount += streamCount;
        s.streamBytes += streamBytes;
        s.totalTxns += totalTxns;
        s.totalBytes += totalBytes;
    }
}
