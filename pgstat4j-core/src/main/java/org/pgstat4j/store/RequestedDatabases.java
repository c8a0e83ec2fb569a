package org.pgstat4j.store;

/**
 * Which databases' files a write round must refresh (spec §6.2). The collector's pending write
 * requests implement it; {@link StatsPersistence} reads it and never changes it.
 *
 * <p>The one way to misuse it: answering from a set that changes during a write round. The
 * round asks per database and must see one consistent set of requests.
 */
@FunctionalInterface
public interface RequestedDatabases {
    /** Whether database {@code oid}'s file must be written in this round. */
    boolean isRequested(int oid);
}
