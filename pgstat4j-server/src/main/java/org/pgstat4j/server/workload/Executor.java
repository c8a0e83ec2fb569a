package org.pgstat4j.server.workload;

import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;

/**
 * What PostgreSQL's executor, access methods and buffer manager count for each kind of
 * statement a {@link Session} runs (spec §4.3), against the heap and index models: a
 * sequential scan counts a scan start, one returned tuple per row and a buffer request per
 * page; an index scan counts on the index (scan, entries returned, heap tuples fetched
 * through it) and buffer requests on both; a bitmap heap scan counts its fetches on the
 * table; inserts, updates and deletes count transactionally and touch their pages and, for
 * new row versions, every index.
 *
 * <p>Confined to its session's thread, like the backend it counts on.
 */
final class Executor {
    private final Backend backend;
    private final TransactionChanges changes;

    Executor(Backend backend, TransactionChanges changes) {
        this.backend = backend;
        this.changes = changes;
    }

    private TableStatus open(Table t) {
        return backend.openRelation(t.oid(), RelKind.RELATION, false);
    }

    private TableStatus open(Index i) {
        return backend.openRelation(i.oid(), RelKind.INDEX, false);
    }

    private void readPage(TableStatus rel, Table t, long page) {
        backend.countBufferRead(rel);
        if (t.access(page)) {
            backend.countBufferHit(rel);
        }
    }

    /** A descent of {@code i} to {@code key}: one buffer request per level. */
    private void descend(TableStatus rel, Index i, long key) {
        for (long page : Index.path(key, indexEntries(i))) {
            backend.countBufferRead(rel);
            if (i.access(page)) {
                backend.countBufferHit(rel);
            }
        }
    }

    private static long indexEntries(Index i) {
        Table t = i.table();
        return t.liveRows() + t.deadRows();
    }

    void insert(Table t, long n) {
        TableStatus rel = open(t);
        long firstKey = t.extend(n);
        long pageBefore = -1;
        for (long k = firstKey; k < firstKey + n; k++) {
            long page = k / t.rowsPerPage();
            if (page != pageBefore) {
                readPage(rel, t, page);
                pageBefore = page;
            }
        }
        for (Index i : t.indexes()) {
            TableStatus idx = open(i);
            for (long k = firstKey; k < firstKey + n; k++) {
                descend(idx, i, k);
            }
        }
        backend.countHeapInsert(rel, n);
        changes.insert(t, n);
    }

    /**
     * {@code n} rows from {@code firstKey} on get new versions: a HOT update stays on its page
     * and adds no index entries; any other one goes to the end of the heap and into every index.
     */
    void update(Table t, long firstKey, long n, boolean hot) {
        TableStatus rel = open(t);
        for (long k = firstKey; k < firstKey + n; k++) {
            readPage(rel, t, t.pageOf(k));
            if (!hot) {
                long newKey = t.extend(1);
                readPage(rel, t, newKey / t.rowsPerPage());
                for (Index i : t.indexes()) {
                    descend(open(i), i, k);
                }
            }
            backend.countHeapUpdate(rel, hot);
        }
        changes.update(t, n);
    }

    void delete(Table t, long firstKey, long n) {
        TableStatus rel = open(t);
        for (long k = firstKey; k < firstKey + n; k++) {
            readPage(rel, t, t.pageOf(k));
            backend.countHeapDelete(rel);
        }
        changes.delete(t, n);
    }

    void truncate(Table t) {
        TableStatus rel = open(t);
        backend.countTruncate(rel);
        changes.truncate(t);
    }

    /** A sequential scan reading {@code pages} pages and returning {@code rows} rows. */
    void seqScan(Table t, long rows, long pages) {
        TableStatus rel = open(t);
        backend.countHeapScan(rel);
        for (long p = 0; p < pages; p++) {
            readPage(rel, t, p);
        }
        for (long r = 0; r < rows; r++) {
            backend.countHeapGetnext(rel);
        }
    }

    /** A sequential scan of everything this transaction sees. */
    void seqScan(Table t) {
        seqScan(t, changes.visible(t)[0], t.pages());
    }

    /** A plain index scan returning the {@code rows} entries from {@code firstKey} and fetching their heap tuples. */
    void indexScan(Index i, long firstKey, long rows) {
        TableStatus idx = open(i);
        Table t = i.table();
        TableStatus rel = open(t);
        backend.countIndexScan(idx);
        descend(idx, i, firstKey);
        backend.countIndexTuples(idx, rows);
        for (long k = firstKey; k < firstKey + rows; k++) {
            readPage(rel, t, t.pageOf(k));
            backend.countHeapFetch(idx);
        }
    }

    /** A bitmap index scan collecting {@code rows} TIDs, then a bitmap heap scan fetching them page by page. */
    void bitmapScan(Index i, long firstKey, long rows) {
        TableStatus idx = open(i);
        Table t = i.table();
        TableStatus rel = open(t);
        backend.countIndexScan(idx);
        descend(idx, i, firstKey);
        backend.countIndexTuples(idx, rows);
        long pageBefore = -1;
        for (long k = firstKey; k < firstKey + rows; k++) {
            long page = t.pageOf(k);
            if (page != pageBefore) {
                readPage(rel, t, page);
                pageBefore = page;
            }
            backend.countHeapFetch(rel);
        }
    }

    /** VACUUM and ANALYZE read the heap page by page (ANALYZE at most {@code limit} pages). */
    void readHeap(Table t, long limit) {
        TableStatus rel = open(t);
        long pages = Math.min(t.pages(), limit);
        for (long p = 0; p < pages; p++) {
            readPage(rel, t, p);
        }
    }
}
