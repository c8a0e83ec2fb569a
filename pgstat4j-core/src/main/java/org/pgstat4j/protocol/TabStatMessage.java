package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * PGSTAT_MTYPE_TABSTAT (2, 64 + 112·n bytes, n ≤ 8): a backend's table counts, plus — in the
 * first regular message of a flush — its transaction counts and time totals (µs).
 *
 * <p>The one way to misuse it: giving more than one message of a flush the transaction counts
 * and time totals. The collector adds every header, so they would count twice.
 */
public record TabStatMessage(int databaseId, int xactCommit, int xactRollback,
                             long blockReadTime, long blockWriteTime, long sessionTime,
                             long activeTime, long idleInXactTime,
                             List<TableEntry> entries) implements StatMessage {
    public static final int DATABASE_ID = 8;
    public static final int NENTRIES = 12;
    public static final int XACT_COMMIT = 16;
    public static final int XACT_ROLLBACK = 20;
    public static final int BLOCK_READ_TIME = 24;
    public static final int BLOCK_WRITE_TIME = 32;
    public static final int SESSION_TIME = 40;
    public static final int ACTIVE_TIME = 48;
    public static final int IDLE_IN_XACT_TIME = 56;
    public static final int ENTRIES = 64;
    /** {@code PGSTAT_NUM_TABENTRIES}. */
    public static final int MAX_ENTRIES = 8;

    public TabStatMessage {
        entries = List.copyOf(entries);
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("TABSTAT carries at most " + MAX_ENTRIES
                    + " entries, got " + entries.size());
        }
    }

    public StatMsgType type() {
        return StatMsgType.TABSTAT;
    }

    public int encodedSize() {
        return type().sizeFor(entries.size());
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(NENTRIES, entries.size());
        b.putInt(XACT_COMMIT, xactCommit);
        b.putInt(XACT_ROLLBACK, xactRollback);
        b.putLong(BLOCK_READ_TIME, blockReadTime);
        b.putLong(BLOCK_WRITE_TIME, blockWriteTime);
        b.putLong(SESSION_TIME, sessionTime);
        b.putLong(ACTIVE_TIME, activeTime);
        b.putLong(IDLE_IN_XACT_TIME, idleInXactTime);
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).encode(b, ENTRIES + i * TableEntry.SIZE);
        }
    }

    static TabStatMessage decode(ByteBuffer b) {
        int n = b.getInt(NENTRIES);
        TableEntry[] es = new TableEntry[n];
        for (int i = 0; i < n; i++) {
            es[i] = TableEntry.decode(b, ENTRIES + i * TableEntry.SIZE);
        }
        return new TabStatMessage(b.getInt(DATABASE_ID), b.getInt(XACT_COMMIT),
                b.getInt(XACT_ROLLBACK), b.getLong(BLOCK_READ_TIME), b.getLong(BLOCK_WRITE_TIME),
                b.getLong(SESSION_TIME), b.getLong(ACTIVE_TIME), b.getLong(IDLE_IN_XACT_TIME),
                List.of(es));
    }
}
