package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_TABPURGE (3, 16 + 4·n bytes, n ≤ 246): table OIDs of dead relations.
 *
 * <p>The one way to misuse it: putting more than 246 OIDs into one message. A datagram holds
 * no more; split the list, as dead-object purging does.
 */
public record TabPurgeMessage(int databaseId, int[] tableIds) implements StatMessage {
    public static final int MAX_ENTRIES = OidList.MAX_ENTRIES;

    public TabPurgeMessage {
        tableIds = OidList.check(tableIds, "TABPURGE");
    }

    public StatMsgType type() {
        return StatMsgType.TABPURGE;
    }

    public int encodedSize() {
        return type().sizeFor(tableIds.length);
    }

    public void encodeBody(ByteBuffer b) {
        OidList.encode(b, databaseId, tableIds);
    }

    static TabPurgeMessage decode(ByteBuffer b) {
        return new TabPurgeMessage(b.getInt(OidList.DATABASE_ID), OidList.decodeOids(b));
    }

    /** The handler: the listed tables' entries go. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().database(databaseId);
        if (d == null || d.tables == null) {
            return;
        }
        for (int oid : tableIds) {
            if (d.tables.remove(oid) != null) {
                d.tableChanged(oid);
            }
        }
    }

    public boolean equals(Object o) {
        return o instanceof TabPurgeMessage m && m.databaseId == databaseId && Arrays.equals(m.tableIds, tableIds);
    }

    public int hashCode() {
        return 31 * databaseId + Arrays.hashCode(tableIds);
    }

    public String toString() {
        return "TabPurgeMessage[databaseId=" + Integer.toUnsignedString(databaseId) + ", tableIds=" + Arrays.toString(tableIds) + "]";
    }
}
