package org.pgstat4j.backend;

/**
 * The transactional counts of one table at one (sub)transaction nesting level
 * ({@code PgStat_TableXactStatus}, spec §4.1).
 *
 * <p>Linked three ways: {@link #upper} to the same table's record at an enclosing level,
 * {@link #parent} to the table, {@link #next} to other tables' records at the same level.
 * Owned by {@link XactStack}, which recycles records, so no reference may outlive the
 * (sub)transaction that created it.
 */
final class TableXactStatus {
    long tuplesInserted;
    long tuplesUpdated;
    long tuplesDeleted;
    /** Set by the first TRUNCATE at this level; the pre-truncate counts are then saved. */
    boolean truncated;
    long insertedPreTruncate;
    long updatedPreTruncate;
    long deletedPreTruncate;
    int nestLevel;
    TableXactStatus upper;
    TableStatus parent;
    TableXactStatus next;

    void reset(int level, TableStatus table, TableXactStatus upperRecord) {
        tuplesInserted = 0;
        tuplesUpdated = 0;
        tuplesDeleted = 0;
        truncated = false;
        insertedPreTruncate = 0;
        updatedPreTruncate = 0;
        deletedPreTruncate = 0;
        nestLevel = level;
        upper = upperRecord;
        parent = table;
        next = null;
    }

    /** Save step of the truncate rule: only the first truncate at a level saves the counts. */
    void saveCountsForTruncate() {
        if (!truncated) {
            insertedPreTruncate = tuplesInserted;
            updatedPreTruncate = tuplesUpdated;
            deletedPreTruncate = tuplesDeleted;
            truncated = true;
        }
    }

    /** Restore rule, used on abort: the truncate did not happen, the earlier counts stand. */
    void restoreCountsForAbort() {
        if (truncated) {
            tuplesInserted = insertedPreTruncate;
            tuplesUpdated = updatedPreTruncate;
            tuplesDeleted = deletedPreTruncate;
        }
    }
}
