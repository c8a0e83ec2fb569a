package org.pgstat4j.server.workload;

import java.util.HashSet;
import java.util.Set;

/**
 * A btree index on a {@link Table}: its catalog identity and a model of its pages good
 * enough for buffer statistics — a descent from the root to the leaf holding a key visits one
 * page per level, {@value #ENTRIES_PER_PAGE} entries to a page, and a page read once stays in
 * shared buffers.
 *
 * <p>Concurrency: the cached-page set is guarded by the index's monitor; sessions of several
 * threads descend the same index.
 */
public final class Index {
    /** Index entries per page (and downlinks per internal page). */
    public static final int ENTRIES_PER_PAGE = 300;

    private final int oid;
    private final String name;
    private final Table table;
    private final Set<Long> cached = new HashSet<>();

    Index(int oid, String name, Table table) {
        this.oid = oid;
        this.name = name;
        this.table = table;
    }

    public int oid() {
        return oid;
    }

    public String name() {
        return name;
    }

    /** The table the index belongs to ({@code indrelid}). */
    public Table table() {
        return table;
    }

    /** Levels from root to leaf for {@code entries} entries (1 while all fit in the root). */
    static int height(long entries) {
        int h = 1;
        for (long pagesAtLevel = Math.max(1, (entries + ENTRIES_PER_PAGE - 1) / ENTRIES_PER_PAGE);
             pagesAtLevel > 1; pagesAtLevel = (pagesAtLevel + ENTRIES_PER_PAGE - 1) / ENTRIES_PER_PAGE) {
            h++;
        }
        return h;
    }

    /**
     * The pages a descent to {@code key} visits, root first: at level {@code l} of {@code h}
     * the page covering {@code ENTRIES_PER_PAGE^(h-l)} keys around it.
     */
    static long[] path(long key, long entries) {
        int h = height(entries);
        long[] pages = new long[h];
        long k = Math.max(key, 0);
        long span = ENTRIES_PER_PAGE;
        for (int l = h - 1; l >= 0; l--) {
            pages[l] = ((long) l << 40) | (k / span);
            span = span > Long.MAX_VALUE / ENTRIES_PER_PAGE ? Long.MAX_VALUE : span * ENTRIES_PER_PAGE;
        }
        return pages;
    }

    /** The buffer manager reads {@code page}: true if it was already in shared buffers. */
    synchronized boolean access(long page) {
        return !cached.add(page);
    }

    @Override
    public String toString() {
        return name + " (" + Integer.toUnsignedString(oid) + ") on " + table.name();
    }
}
