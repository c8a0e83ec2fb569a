package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_FUNCPURGE (18, 16 + 4·n bytes, n ≤ 246): OIDs of dropped functions.
 *
 * <p>The one way to misuse it: putting more than 246 OIDs into one message. A datagram holds
 * no more; split the list, as dead-object purging does.
 */
public record FuncPurgeMessage(int databaseId, int[] functionIds) implements StatMessage {
    public static final int MAX_ENTRIES = OidList.MAX_ENTRIES;

    public FuncPurgeMessage {
        functionIds = OidList.check(functionIds, "FUNCPURGE");
    }

    public StatMsgType type() {
        return StatMsgType.FUNCPURGE;
    }

    public int encodedSize() {
        return type().sizeFor(functionIds.length);
    }

    public void encodeBody(ByteBuffer b) {
        OidList.encode(b, databaseId, functionIds);
    }

    static FuncPurgeMessage decode(ByteBuffer b) {
        return new FuncPurgeMessage(b.getInt(OidList.DATABASE_ID), OidList.decodeOids(b));
    }

    /** The handler: the listed functions' entries go. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().database(databaseId);
        if (d == null || d.functions == null) {
            return;
        }
        for (int oid : functionIds) {
            if (d.functions.remove(oid) != null) {
                d.functionChanged(oid);
            }
        }
    }

    public boolean equals(Object o) {
        return o instanceof FuncPurgeMessage m && m.databaseId == databaseId && Arrays.equals(m.functionIds, functionIds);
    }

    public int hashCode() {
        return 31 * databaseId + Arrays.hashCode(functionIds);
    }

    public String toString() {
        return "FuncPurgeMessage[databaseId=" + Integer.toUnsignedString(databaseId) + ", functionIds=" + Arrays.toString(functionIds) + "]";
    }
}
