package org.pgstat4j.server.workload;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A table of a {@link Schema}: its catalog identity and a tiny model of its heap — committed
 * live rows, dead row versions that VACUUM has not yet removed, the number of pages, which
 * pages sit in shared buffers, and the {@code reltuples}/{@code relpages} estimates that
 * VACUUM and ANALYZE leave in {@code pg_class}. Sessions count what PostgreSQL's executor
 * and buffer manager would count against this model, and VACUUM and ANALYZE report from it
 * what PostgreSQL's would.
 *
 * <p>Rows are laid out in key order, {@link #rowsPerPage()} to a page; new keys are handed out
 * in insertion order, like a serial column. The model ignores free-space reuse: pages only
 * grow (until a committed TRUNCATE), as a heap file does.
 *
 * <p>Concurrency: sessions of several threads change one table; every method that reads or
 * changes the heap model is synchronized on the table, so that a commit is applied whole.
 * Invariant: live and dead rows are never negative.
 */
public final class Table {
    private final Schema schema;
    private final int oid;
    private final String name;
    private final int rowsPerPage;
    private final List<Index> indexes = new CopyOnWriteArrayList<>();

    private long live;
    private long dead;
    /** Row versions physically in the heap (live, dead, and uncommitted ones), for the page count. */
    private long versions;
    private long pages;
    private long nextKey;
    private final BitSet cached = new BitSet();
    private double reltuples = -1;
    private long relpages;

    Table(Schema schema, int oid, String name, int rowsPerPage) {
        if (rowsPerPage < 1) {
            throw new IllegalArgumentException("rowsPerPage must be at least 1, got " + rowsPerPage);
        }
        this.schema = schema;
        this.oid = oid;
        this.name = name;
        this.rowsPerPage = rowsPerPage;
    }

    public int oid() {
        return oid;
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    public int rowsPerPage() {
        return rowsPerPage;
    }

    /** The table's indexes, in creation order. */
    public List<Index> indexes() {
        return List.copyOf(indexes);
    }

    /** The primary key index ({@code <table>_pkey}), or null. */
    public Index primaryKey() {
        for (Index i : indexes) {
            if (i.name().equals(name + "_pkey")) {
                return i;
            }
        }
        return null;
    }

    void addIndex(Index index) {
        indexes.add(index);
    }

    /** Committed live rows. */
    public synchronized long liveRows() {
        return live;
    }

    /** Dead row versions not yet removed by VACUUM. */
    public synchronized long deadRows() {
        return dead;
    }

    /** Pages of the heap file. */
    public synchronized long pages() {
        return pages;
    }

    /** {@code pg_class.reltuples}: -1 until the first VACUUM or ANALYZE (PostgreSQL 14). */
    public synchronized double reltuples() {
        return reltuples;
    }

    /** {@code pg_class.relpages}: 0 until the first VACUUM or ANALYZE. */
    public synchronized long relpages() {
        return relpages;
    }

    /** The page that holds the row of {@code key} (within the file). */
    synchronized long pageOf(long key) {
        if (pages == 0) {
            return 0;
        }
        return Math.floorMod(key / rowsPerPage, pages);
    }

    /**
     * Room for {@code n} new row versions at the end of the heap; returns the first key they
     * get. The heap grows by the pages they need.
     */
    synchronized long extend(long n) {
        long first = nextKey;
        nextKey += n;
        versions += n;
        pages = Math.max(pages, ceilDiv(versions, rowsPerPage));
        return first;
    }

    /**
     * The buffer manager reads {@code page}: true if it was found in shared buffers (a hit),
     * false if it had to be read (it stays cached afterwards).
     */
    synchronized boolean access(long page) {
        int p = (int) Math.min(page, Integer.MAX_VALUE - 1);
        boolean hit = cached.get(p);
        cached.set(p);
        return hit;
    }

    /** A transaction's changes to this table committed ({@code truncated}: it truncated the table). */
    synchronized void applyCommit(long inserted, long updated, long deleted, boolean truncated) {
        if (truncated) {
            live = 0;
            dead = 0;
            versions = inserted + updated;
            pages = ceilDiv(versions, rowsPerPage);
            cached.clear();
        }
        live = Math.max(0, live + inserted - deleted);
        dead += updated + deleted;
    }

    /** A (sub)transaction aborted: the row versions it inserted, directly or by updating, are dead. */
    synchronized void applyAbort(long inserted, long updated) {
        dead += inserted + updated;
    }

    /**
     * Lazy VACUUM: dead row versions are removed (their space becomes reusable) and
     * {@code pg_class} gets fresh estimates. Returns the live rows it found.
     */
    synchronized long vacuum() {
        dead = 0;
        versions = live;
        reltuples = live;
        relpages = pages;
        return live;
    }

    /** ANALYZE estimated {@code liveRows}; {@code pg_class} gets the estimates. */
    synchronized void analyzed(long liveRows) {
        reltuples = liveRows;
        relpages = pages;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return schema.nspname() + "." + name + " (" + Integer.toUnsignedString(oid) + ")";
    }
}
