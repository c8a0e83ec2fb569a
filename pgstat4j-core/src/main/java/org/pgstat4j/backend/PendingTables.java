package org.pgstat4j.backend;

/**
 * The table-status map of one flush window (spec §4.1): relation OID → {@link TableStatus},
 * in the order relations were first opened, which is the order they are packed into TABSTAT.
 *
 * <p>Invariant: at most one entry per OID per window; clearing at a flush starts a new
 * window (a new epoch), which makes every handle of the old window stale. A stale handle is
 * re-resolved by OID on use, so counts always land in the current window's entry.
 */
final class PendingTables {
    private final OidMap<TableStatus> map = new OidMap<>();
    /** Current window; entries carry the epoch they were created in. */
    private long epoch;

    /** The current entry of {@code oid}, created (zeroed) if the window has none. */
    TableStatus getOrCreate(int oid, boolean shared) {
        TableStatus t = map.get(oid);
        if (t == null) {
            t = new TableStatus(oid, shared, epoch);
            map.add(oid, t);
        }
        return t;
    }

    /**
     * The entry to count on for {@code handle}: the handle itself when it belongs to this
     * window, {@code null} for the not-counted handle, else the OID's current entry.
     */
    TableStatus current(TableStatus handle) {
        if (handle.epoch == epoch) {
            return handle;
        }
        if (handle.epoch == TableStatus.NOT_COUNTED_EPOCH) {
            return null;
        }
        return getOrCreate(handle.oid, handle.shared);
    }

    /** The current entry of {@code oid}, or {@code null} ({@code find_tabstat_entry}). */
    TableStatus find(int oid) {
        return map.get(oid);
    }

    /** Whether some relation was opened for counting in this window. */
    boolean inUse() {
        return map.size() != 0;
    }

    int size() {
        return map.size();
    }

    TableStatus at(int i) {
        return map.valueAt(i);
    }

    /** Forgets every entry and starts a new window. */
    void clear() {
        map.clear();
        epoch++;
    }
}
