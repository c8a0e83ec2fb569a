package org.pgstat4j.server.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one session's open transaction has physically done to each table, per nesting level:
 * rows inserted, updated and deleted, and whether it truncated the table — the truth the
 * {@link Table} heap models learn at commit and abort, and that ANALYZE samples in the middle
 * of a transaction.
 *
 * <p>This is not the statistics arithmetic (the backend owns that); it is the heap's: a
 * committed TRUNCATE leaves only what the transaction wrote afterwards, an aborted
 * (sub)transaction turns the row versions it wrote into dead ones and brings back what its
 * TRUNCATE hid. PostgreSQL designed its statistics to follow the heap, so both agree — which
 * is what lets VACUUM and ANALYZE reports and TABSTAT deltas add up.
 *
 * <p>Invariants: each table has at most one record per level, innermost first; levels are
 * 1..{@link #level()}. Confined to the session's thread.
 */
final class TransactionChanges {
    /** One table's changes at one nesting level. */
    static final class Change {
        final Table table;
        int level;
        long inserted;
        long updated;
        long deleted;
        boolean truncated;
        long insertedPreTruncate;
        long updatedPreTruncate;
        long deletedPreTruncate;

        Change(Table table, int level) {
            this.table = table;
            this.level = level;
        }

        void saveForTruncate() {
            if (!truncated) {
                truncated = true;
                insertedPreTruncate = inserted;
                updatedPreTruncate = updated;
                deletedPreTruncate = deleted;
            }
        }

        void restoreForAbort() {
            if (truncated) {
                inserted = insertedPreTruncate;
                updated = updatedPreTruncate;
                deleted = deletedPreTruncate;
            }
        }
    }

    /** A prepared transaction's changes to one table, applied when it is finished. */
    record Prepared(Table table, long inserted, long updated, long deleted, boolean truncated,
                    long insertedPreTruncate, long updatedPreTruncate) {
        void commit() {
            table.applyCommit(inserted, updated, deleted, truncated);
        }

        void rollback() {
            table.applyAbort(truncated ? insertedPreTruncate : inserted, truncated ? updatedPreTruncate : updated);
        }
    }

    /** Per table, its records innermost first. */
    private final Map<Table, List<Change>> byTable = new LinkedHashMap<>();
    private int level = 1;

    int level() {
        return level;
    }

    private Change current(Table t) {
        List<Change> chain = byTable.computeIfAbsent(t, k -> new ArrayList<>());
        if (chain.isEmpty() || chain.getFirst().level != level) {
            chain.addFirst(new Change(t, level));
        }
        return chain.getFirst();
    }

    void insert(Table t, long n) {
        current(t).inserted += n;
    }

    void update(Table t, long n) {
        current(t).updated += n;
    }

    void delete(Table t, long n) {
        current(t).deleted += n;
    }

    void truncate(Table t) {
        Change c = current(t);
        c.saveForTruncate();
        c.inserted = 0;
        c.updated = 0;
        c.deleted = 0;
    }

    void beginSubTransaction() {
        level++;
    }

    /** RELEASE: the innermost level's changes join the next outer level. */
    void commitSubTransaction() {
        for (List<Change> chain : byTable.values()) {
            if (chain.isEmpty() || chain.getFirst().level != level) {
                continue;
            }
            Change child = chain.removeFirst();
            Change parent = chain.isEmpty() || chain.getFirst().level != level - 1 ? null : chain.getFirst();
            if (parent == null) {
                child.level = level - 1;
                chain.addFirst(child);
            } else if (child.truncated) {
                parent.saveForTruncate();
                parent.inserted = child.inserted;
                parent.updated = child.updated;
                parent.deleted = child.deleted;
            } else {
                parent.inserted += child.inserted;
                parent.updated += child.updated;
                parent.deleted += child.deleted;
            }
        }
        level--;
    }

    /** The innermost level aborts: what it truncated comes back, what it wrote is dead. */
    void abortSubTransaction() {
        for (List<Change> chain : byTable.values()) {
            if (!chain.isEmpty() && chain.getFirst().level == level) {
                Change c = chain.removeFirst();
                c.restoreForAbort();
                c.table.applyAbort(c.inserted, c.updated);
            }
        }
        level--;
    }

    /** The transaction commits (open subtransactions first). */
    void commit() {
        while (level > 1) {
            commitSubTransaction();
        }
        for (Change c : topLevel()) {
            c.table.applyCommit(c.inserted, c.updated, c.deleted, c.truncated);
        }
        byTable.clear();
    }

    /** The transaction aborts (open subtransactions first). */
    void abort() {
        while (level > 1) {
            abortSubTransaction();
        }
        for (Change c : topLevel()) {
            c.restoreForAbort();
            c.table.applyAbort(c.inserted, c.updated);
        }
        byTable.clear();
    }

    /** PREPARE TRANSACTION: the changes leave the session, to be finished by whoever commits or rolls back. */
    List<Prepared> prepare() {
        while (level > 1) {
            commitSubTransaction();
        }
        List<Prepared> out = new ArrayList<>();
        for (Change c : topLevel()) {
            out.add(new Prepared(c.table, c.inserted, c.updated, c.deleted, c.truncated,
                    c.insertedPreTruncate, c.updatedPreTruncate));
        }
        byTable.clear();
        return out;
    }

    private List<Change> topLevel() {
        List<Change> out = new ArrayList<>();
        for (List<Change> chain : byTable.values()) {
            if (!chain.isEmpty()) {
                out.add(chain.getFirst());
            }
        }
        return out;
    }

    /**
     * What a scan inside this transaction sees of {@code t}: {@code [live, dead]} row
     * versions, counting this transaction's own inserts as live and its own deletes and
     * superseded versions as dead (as ANALYZE's sampling does), other sessions' uncommitted
     * work not at all.
     */
    long[] visible(Table t) {
        long live = t.liveRows();
        long dead = t.deadRows();
        List<Change> chain = byTable.get(t);
        if (chain != null) {
            for (Change c : chain.reversed()) {
                if (c.truncated) {
                    live = 0;
                    dead = 0;
                }
                live += c.inserted - c.deleted;
                dead += c.updated + c.deleted;
            }
        }
        return new long[] {Math.max(live, 0), Math.max(dead, 0)};
    }
}
