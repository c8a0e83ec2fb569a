package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.StatsStore;

/**
 * PGSTAT_MTYPE_RESETREPLSLOTCOUNTER (9, 76 bytes): reset one replication slot's counters, or
 * all with {@code clearAll}. With {@code clearAll} PostgreSQL leaves the name uninitialised, so
 * a decoded name is then meaningless.
 *
 * <p>The one way to misuse it: reading {@code slotName} when {@code clearAll} is set.
 * PostgreSQL leaves it uninitialised then.
 */
public record ResetReplSlotCounterMessage(String slotName, boolean clearAll) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_slotname: NameData, NUL-padded. */
    public static final int SLOT_NAME = LAYOUT.chars(Wire.NAMEDATALEN);
    /** clearall: reset every slot (the name is then meaningless). */
    public static final int CLEAR_ALL = LAYOUT.bool();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public ResetReplSlotCounterMessage {
        slotName = Wire.requireName(slotName == null ? "" : slotName, Wire.NAMEDATALEN, "slot name");
    }

    public StatMsgType type() {
        return StatMsgType.RESETREPLSLOTCOUNTER;
    }

    public void encodeBody(ByteBuffer b) {
        Wire.putCString(b, SLOT_NAME, Wire.NAMEDATALEN, slotName);
        Wire.putBool(b, CLEAR_ALL, clearAll);
    }

    static ResetReplSlotCounterMessage decode(ByteBuffer b) {
        boolean all = Wire.getBool(b, CLEAR_ALL);
        return new ResetReplSlotCounterMessage(all ? "" : Wire.getCString(b, SLOT_NAME, Wire.NAMEDATALEN - 1), all);
    }

    /** The handler: the slot's counters, or every slot's, start over (reset now). */
    void apply(ApplyContext c, long now) {
        StatsStore store = c.store();
        if (clearAll) {
            store.replSlots().values().forEach(s -> s.reset(now));
        } else {
            ReplSlotEntry s = store.replSlots().get(slotName);
            if (s != null) {
                s.reset(now);
            }
        }
    }
}
