package org.pgstat4j.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * The transactional side of table counting (spec §4.3–§4.5): the current nesting level, the
 * stack of levels that modified tables ({@code SubXactStatus}), the per-level records, and
 * the arithmetic that folds them into the tables' counts at (sub)transaction end.
 *
 * <p>Invariants: a table's record chain ({@code trans → upper → ...}) has strictly
 * decreasing nesting levels, the innermost not above the current level; every record is in
 * exactly one level list; after a top-level end the stack is empty and the level is 1.
 * Records and levels are recycled through free lists so that steady-state counting does not
 * allocate.
 *
 * <p>Truncate flag: PostgreSQL 14 <em>overwrites</em> {@code t_truncated} at every commit, so
 * a truncating transaction followed, within one flush window, by a non-truncating one on the
 * same table loses the flag although the local deltas were zeroed (spec §4.4, §10.3 item 8).
 * By default this class reproduces that, so that our traffic equals PostgreSQL 14's; with
 * {@code stickyTruncateFlag} the flag stays set until the flush, which gives the collector
 * the live/dead counts the user expects.
 */
final class XactStack {
    private final boolean stickyTruncateFlag;
    private int nestLevel = 1;
    /** Innermost level that modified a table, or {@code null}. */
    private Level top;
    private Level freeLevels;
    private TableXactStatus freeRecords;

    /** {@code SubXactStatus}: one nesting level and its records. */
    private static final class Level {
        int nestLevel;
        Level prev;
        TableXactStatus first;
    }

    XactStack(boolean stickyTruncateFlag) {
        this.stickyTruncateFlag = stickyTruncateFlag;
    }

    int nestLevel() {
        return nestLevel;
    }

    /** Whether some (sub)transaction holds uncommitted table counts. */
    boolean hasPendingRecords() {
        return top != null;
    }

    /** The record of {@code t} at the current level, created on first use. */
    TableXactStatus record(TableStatus t) {
        TableXactStatus r = t.trans;
        if (r != null && r.nestLevel == nestLevel) {
            return r;
        }
        Level level = level(nestLevel);
        TableXactStatus created = newRecord();
        created.reset(nestLevel, t, r);
        created.next = level.first;
        level.first = created;
        t.trans = created;
        return created;
    }

    /** Truncate rule: save the counts once per level, then start from zero. */
    void countTruncate(TableStatus t) {
        TableXactStatus r = record(t);
        r.saveCountsForTruncate();
        r.tuplesInserted = 0;
        r.tuplesUpdated = 0;
        r.tuplesDeleted = 0;
    }

    int beginSubTransaction() {
        return ++nestLevel;
    }

    /** {@code AtEOSubXact_PgStat}: ends the innermost subtransaction (depth = current level). */
    void endSubTransaction(boolean commit) {
        int depth = nestLevel;
        if (depth <= 1) {
            throw new IllegalStateException("no subtransaction is open");
        }
        Level level = top;
        if (level != null && level.nestLevel >= depth) {
            top = level.prev;
            TableXactStatus r = level.first;
            while (r != null) {
                TableXactStatus next = r.next;
                if (commit) {
                    commitIntoParentLevel(r, depth);
                } else {
                    r.restoreCountsForAbort();
                    applyAbort(r.parent, r.tuplesInserted, r.tuplesUpdated, r.tuplesDeleted);
                    r.parent.trans = r.upper;
                    freeRecord(r);
                }
                r = next;
            }
            freeLevel(level);
        }
        nestLevel = depth - 1;
    }

    private void commitIntoParentLevel(TableXactStatus r, int depth) {
        TableXactStatus up = r.upper;
        if (up != null && up.nestLevel == depth - 1) {
            if (r.truncated) {
                up.saveCountsForTruncate();
                up.tuplesInserted = r.tuplesInserted;
                up.tuplesUpdated = r.tuplesUpdated;
                up.tuplesDeleted = r.tuplesDeleted;
            } else {
                up.tuplesInserted += r.tuplesInserted;
                up.tuplesUpdated += r.tuplesUpdated;
                up.tuplesDeleted += r.tuplesDeleted;
            }
            r.parent.trans = up;
            freeRecord(r);
        } else {
            r.nestLevel = depth - 1;
            Level outer = level(depth - 1);
            r.next = outer.first;
            outer.first = r;
        }
    }

    /**
     * {@code AtEOXact_PgStat}: ends the top-level transaction, first ending any open
     * subtransactions the same way (as COMMIT and ROLLBACK do with open savepoints).
     */
    void endTransaction(boolean commit) {
        while (nestLevel > 1) {
            endSubTransaction(commit);
        }
        Level level = top;
        if (level != null) {
            TableXactStatus r = level.first;
            while (r != null) {
                TableXactStatus next = r.next;
                TableStatus t = r.parent;
                if (commit) {
                    applyCommit(t, r.tuplesInserted, r.tuplesUpdated, r.tuplesDeleted, r.truncated);
                } else {
                    r.restoreCountsForAbort();
                    applyAbort(t, r.tuplesInserted, r.tuplesUpdated, r.tuplesDeleted);
                }
                t.trans = null;
                freeRecord(r);
                r = next;
            }
            freeLevel(level);
            top = null;
        }
    }

    /**
     * {@code AtPrepare_PgStat} + {@code PostPrepare_PgStat}: one record per table of the
     * top level (after ending open subtransactions as committed), then forgets them; nothing
     * is added to the tables' counts.
     */
    List<TwoPhaseRecord> prepare() {
        while (nestLevel > 1) {
            endSubTransaction(true);
        }
        List<TwoPhaseRecord> out = new ArrayList<>();
        Level level = top;
        if (level != null) {
            TableXactStatus r = level.first;
            while (r != null) {
                TableXactStatus next = r.next;
                TableStatus t = r.parent;
                out.add(new TwoPhaseRecord(t.oid, t.shared, r.tuplesInserted, r.tuplesUpdated,
                        r.tuplesDeleted, r.insertedPreTruncate, r.updatedPreTruncate,
                        r.deletedPreTruncate, r.truncated));
                t.trans = null;
                freeRecord(r);
                r = next;
            }
            freeLevel(level);
            top = null;
        }
        return out;
    }

    /** {@code pgstat_twophase_postcommit}: commit arithmetic with each record's counts. */
    void commitPrepared(PendingTables tables, List<TwoPhaseRecord> records) {
        for (TwoPhaseRecord r : records) {
            applyCommit(tables.getOrCreate(r.tableOid(), r.shared()), r.tuplesInserted(),
                    r.tuplesUpdated(), r.tuplesDeleted(), r.truncated());
        }
    }

    /** {@code pgstat_twophase_postabort}: abort arithmetic, pre-truncate counts if truncated. */
    void rollbackPrepared(PendingTables tables, List<TwoPhaseRecord> records) {
        for (TwoPhaseRecord r : records) {
            TableStatus t = tables.getOrCreate(r.tableOid(), r.shared());
            if (r.truncated()) {
                applyAbort(t, r.insertedPreTruncate(), r.updatedPreTruncate(), r.deletedPreTruncate());
            } else {
                applyAbort(t, r.tuplesInserted(), r.tuplesUpdated(), r.tuplesDeleted());
            }
        }
    }

    /** Top-level commit arithmetic for one table (also COMMIT PREPARED). */
    void applyCommit(TableStatus t, long ins, long upd, long del, boolean truncated) {
        addAttempted(t, ins, upd, del);
        t.truncated = stickyTruncateFlag ? t.truncated || truncated : truncated;
        if (truncated) {
            t.deltaLiveTuples = 0;
            t.deltaDeadTuples = 0;
        }
        t.deltaLiveTuples += ins - del;
        t.deltaDeadTuples += upd + del;
        t.changedTuples += ins + upd + del;
    }

    /**
     * Top-level abort arithmetic for one table (also ROLLBACK PREPARED), on counts already
     * restored to their pre-truncate values: attempted actions count, inserted and updated
     * versions are dead, deleted tuples stay live, the truncate flag is untouched.
     */
    static void applyAbort(TableStatus t, long ins, long upd, long del) {
        addAttempted(t, ins, upd, del);
        t.deltaDeadTuples += ins + upd;
    }

    private static void addAttempted(TableStatus t, long ins, long upd, long del) {
        t.tuplesInserted += ins;
        t.tuplesUpdated += upd;
        t.tuplesDeleted += del;
    }

    /** The stack element for {@code level}, pushed if the innermost one is for another level. */
    private Level level(int levelNumber) {
        Level l = top;
        if (l == null || l.nestLevel != levelNumber) {
            Level pushed = freeLevels;
            if (pushed == null) {
                pushed = new Level();
            } else {
                freeLevels = pushed.prev;
            }
            pushed.nestLevel = levelNumber;
            pushed.first = null;
            pushed.prev = l;
            top = pushed;
            l = pushed;
        }
        return l;
    }

    private TableXactStatus newRecord() {
        TableXactStatus r = freeRecords;
        if (r == null) {
            return new TableXactStatus();
        }
        freeRecords = r.next;
        return r;
    }

    private void freeRecord(TableXactStatus r) {
        r.parent = null;
        r.upper = null;
        r.next = freeRecords;
        freeRecords = r;
    }

    private void freeLevel(Level l) {
        l.first = null;
        l.prev = freeLevels;
        freeLevels = l;
    }
}
