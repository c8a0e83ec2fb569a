package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/** The shared layout of TABPURGE and FUNCPURGE: database OID, count, then up to 246 OIDs. */
final class OidList {
    static final int DATABASE_ID = 8;
    static final int NENTRIES = 12;
    static final int ENTRIES = 16;
    static final int MAX_ENTRIES = 246;

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
            b.putInt(ENTRIES + 4 * i, oids[i]);
        }
    }

    static int[] decodeOids(ByteBuffer b) {
        int[] oids = new int[b.getInt(NENTRIES)];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = b.getInt(ENTRIES + 4 * i);
        }
        return oids;
    }
}
