package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/** The shared layout of TABPURGE and FUNCPURGE: database OID, count, then up to 246 OIDs. */
final class OidList {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database the OIDs belong to. */
    static final int DATABASE_ID = LAYOUT.int32();
    /** m_nentries: how many OIDs follow. */
    static final int NENTRIES = LAYOUT.int32();
    /** m_tableid[] / m_functionid[]: the OIDs. */
    static final int ENTRIES = LAYOUT.flexibleArray(4);
    /** The size of one OID. */
    static final int OID_SIZE = Integer.BYTES;
    /** {@code PGSTAT_NUM_TABPURGE} / {@code PGSTAT_NUM_FUNCPURGE}: as many OIDs as fit (246). */
    static final int MAX_ENTRIES = (Wire.MAX_MSG_SIZE - ENTRIES) / OID_SIZE;

    private OidList() {
    }

    static int[] check(int[] oids, String what) {
        if (oids.length > MAX_ENTRIES) {
            throw new IllegalArgumentException(what + " carries at most " + MAX_ENTRIES
                    + " OIDs, got " + oids.length);
        }
        return oids.clone();
    }

    static void encode(ByteBuffer b, int databaseId, int[] oids) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(NENTRIES, oids.length);
        for (int i = 0; i < oids.length; i++) {
            b.putInt(ENTRIES + OID_SIZE * i, oids[i]);
        }
    }

    static int[] decodeOids(ByteBuffer b) {
        int[] oids = new int[b.getInt(NENTRIES)];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = b.getInt(ENTRIES + OID_SIZE * i);
        }
        return oids;
    }
}
