package org.pgstat4j.server.service;

import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.snapshot.Snapshot;

/**
 * What every endpoint (SQL, HTTP, dashboard, {@code top}) reads from: a running statistics
 * system — the demo's embedded one, the server's, or a passive mirror of a real PostgreSQL —
 * seen from one database.
 *
 * <p>Reads go through snapshots only ({@link #newReader()} per client session, so that one
 * reader transaction sees one snapshot); nothing here exposes the collector's live state.
 * Implementations are thread-safe.
 */
public interface StatsService {
    /** OID of the database the views show. */
    int databaseId();

    /** Name of that database. */
    default String databaseName() {
        var d = catalog().database(databaseId());
        return d == null ? Integer.toUnsignedString(databaseId()) : d.datname();
    }

    /** Names for the OIDs (live: a server may register objects while running). */
    Catalog catalog();

    /** A new reader for one client session; its snapshot lasts until it is cleared. */
    SnapshotReader newReader();

    /**
     * A new reader for a client session of database {@code databaseId} of the same cluster
     * (its own tables, the shared ones and every database's row).
     */
    default SnapshotReader newReader(int databaseId) {
        if (databaseId == databaseId()) {
            return newReader();
        }
        throw new UnsupportedOperationException("this statistics service serves one database");
    }

    /**
     * The same statistics system seen from database {@code databaseId}, as a PostgreSQL
     * backend connected to that database sees it; this service itself for its own database.
     */
    default StatsService forDatabase(int databaseId) {
        return databaseId == databaseId() ? this : new DatabaseStatsService(this, databaseId);
    }

    /** The view context for a snapshot (numbackends, checksums, slots filled in). */
    default ViewContext viewContext(Snapshot snapshot) {
        return ViewContext.of(snapshot, catalog());
    }

    /**
     * Where reset functions send their messages; {@code StatsSender.disabled()} for a
     * read-only mirror.
     */
    StatsSender sender();

    /** pgstat4j's own health: what was received, applied, rejected and dropped. */
    Health health();

    /**
     * An endpoint's client session (e.g. a psql connection) started or ended: like a
     * PostgreSQL backend, it counts in {@code numbackends} of the database it reads.
     */
    default void clientSessionStarted() {
    }

    default void clientSessionEnded() {
    }

    /** Whether the reset functions may be used (false for a passive mirror). */
    default boolean writable() {
        return true;
    }
}
