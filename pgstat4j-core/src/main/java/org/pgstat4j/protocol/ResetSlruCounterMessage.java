package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.StatsStore;

/**
 * PGSTAT_MTYPE_RESETSLRUCOUNTER (8, 12 bytes): reset SLRU slot 0..7, or all with −1.
 *
 * <p>The one way to misuse it: computing the index of an SLRU name by hand.
 * {@code SlruStats.indexOf} maps an unknown name to {@code other}, as PostgreSQL does.
 */
public record ResetSlruCounterMessage(int index) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_index: the SLRU slot, or {@link #ALL}. */
    public static final int INDEX = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();
    public static final int ALL = -1;

    public StatMsgType type() {
        return StatMsgType.RESETSLRUCOUNTER;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(INDEX, index);
    }

    static ResetSlruCounterMessage decode(ByteBuffer b) {
        return new ResetSlruCounterMessage(b.getInt(INDEX));
    }

    /** The handler: the slot's counters, or every slot's, start over (reset now). */
    void apply(ApplyContext c, long now) {
        StatsStore store = c.store();
        for (int i = 0; i < store.slruCount(); i++) {
            if (index == ALL || index == i) {
                store.slru(i).reset(now);
            }
        }
    }
}
