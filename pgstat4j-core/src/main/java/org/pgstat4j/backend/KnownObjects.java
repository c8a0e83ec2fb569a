package org.pgstat4j.backend;

import java.util.Collection;

/**
 * A set of database, table, function and replication-slot identities, used twice by
 * dead-object purging (spec §5.5): once for what the collector's snapshot holds statistics
 * for, once for what the catalogs say still exists.
 *
 * <p>The one way to misuse it: passing an incomplete set of what still exists (another
 * database's catalog, one not loaded yet). Purging drops the statistics of every object the
 * snapshot holds and that set lacks.
 */
public interface KnownObjects {
    /** Database OIDs. */
    int[] databaseOids();

    /** Table (relation) OIDs of database {@code databaseOid}. */
    int[] tableOids(int databaseOid);

    /** Function OIDs of database {@code databaseOid}. */
    int[] functionOids(int databaseOid);

    /** Replication slot names. */
    Collection<String> replicationSlotNames();
}
