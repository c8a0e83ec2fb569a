package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;

/**
 * PGSTAT_MTYPE_FUNCSTAT (17, 16 + 32·n bytes, n ≤ 30): function call counts and times.
 *
 * <p>The one way to misuse it: putting more than 30 entries into one message. A datagram holds
 * no more; a backend's flush splits them.
 */
public record FuncStatMessage(int databaseId, List<FunctionEntry> entries) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the sender's database. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_nentries: how many function entries follow. */
    public static final int NENTRIES = LAYOUT.int32();
    /** m_entry[]: the function entries ({@link FunctionEntry}, 8-byte aligned). */
    public static final int ENTRIES = LAYOUT.flexibleArray(8);
    /** {@code PGSTAT_NUM_FUNCENTRIES}: as many entries as fit in {@link Wire#MAX_MSG_SIZE} (30). */
    public static final int MAX_ENTRIES = (Wire.MAX_MSG_SIZE - ENTRIES) / FunctionEntry.SIZE;

    public FuncStatMessage {
        entries = List.copyOf(entries);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("FUNCSTAT carries at most " + MAX_ENTRIES
                    + " entries, got " + entries.size());
        }
    }

    public StatMsgType type() {
        return StatMsgType.FUNCSTAT;
    }

    public int encodedSize() {
        return type().sizeFor(entries.size());
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(NENTRIES, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).encode(b, ENTRIES + i * FunctionEntry.SIZE);
        }
    }

    static FuncStatMessage decode(ByteBuffer b) {
        int n = b.getInt(NENTRIES);
        FunctionEntry[] es = new FunctionEntry[n];
        for (int i = 0; i < n; i++) {
            es[i] = FunctionEntry.decode(b, ENTRIES + i * FunctionEntry.SIZE);
        }
        return new FuncStatMessage(b.getInt(DATABASE_ID), List.of(es));
    }

    /** The handler: each function's counts are added to its entry, created if new. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().databaseOrCreate(databaseId, now);
        for (FunctionEntry e : entries) {
            FuncEntry f = d.functions.get(e.functionId());
            if (f == null) {
                f = new FuncEntry(e.functionId());
                d.functions.put(e.functionId(), f);
            }
            d.functionChanged(e.functionId());
            f.numCalls += e.numCalls();
            f.totalTime += e.totalTime();
            f.selfTime += e.selfTime();
        }
    }
}
