package org.pgstat4j.collector;

import java.util.Arrays;
import org.pgstat4j.store.RequestedDatabases;

/**
 * The collector's pending write requests (spec §6.2): database OIDs, without duplicates,
 * whose stats files readers asked to have refreshed. The shared-catalog database 0 counts as
 * requested whenever any request is pending, so its file is refreshed in every write round.
 *
 * <p>The one way to misuse it: adding requests from another thread than the collector's.
 * Readers ask with an INQUIRY message; the set belongs to the collector thread.
 */
public final class WriteRequests implements RequestedDatabases {
    private int[] oids = new int[8];
    private int size;

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    public boolean contains(int oid) {
        for (int i = 0; i < size; i++) {
            if (oids[i] == oid) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isRequested(int oid) {
        return contains(oid) || (oid == 0 && size > 0);
    }

    public void add(int oid) {
        if (contains(oid)) {
            return;
        }
        if (size == oids.length) {
            oids = Arrays.copyOf(oids, size * 2);
        }
        oids[size++] = oid;
    }

    public void clear() {
        size = 0;
    }
}
