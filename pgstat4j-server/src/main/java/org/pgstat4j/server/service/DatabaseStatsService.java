package org.pgstat4j.server.service;

import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.catalog.PgProc;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.ViewContext;

/**
 * A statistics service seen from another database of the same cluster than the one its
 * catalog describes: readers load that database's statistics, and the catalog shows what a
 * backend of that database would see — every database, the shared relations, and the
 * system catalogs (same OIDs in every database of a cluster) — but not the user tables and
 * functions of the catalog's own database, which belong to that database only.
 *
 * <p>Invariant: everything but the database (its OID, reader and relation names) is the
 * underlying service's; reset functions reach the same collector.
 */
final class DatabaseStatsService implements StatsService {
    private final StatsService base;
    private final int databaseId;
    private volatile Catalog source;
    private volatile Catalog seen;

    DatabaseStatsService(StatsService base, int databaseId) {
        this.base = base;
        this.databaseId = databaseId;
    }

    @Override
    public int databaseId() {
        return databaseId;
    }

    @Override
    public Catalog catalog() {
        Catalog c = base.catalog();
        if (c != source) {
            seen = seenFromAnotherDatabase(c);
            source = c;
        }
        return seen;
    }

    /** The part of {@code c} a backend of another database of the cluster sees. */
    static Catalog seenFromAnotherDatabase(Catalog c) {
        Catalog out = new Catalog();
        for (PgDatabase d : c.databases()) {
            out.addDatabase(d);
        }
        for (PgClass r : c.relations()) {
            if (r.relisshared() || isSystemNamespace(r.nspname())) {
                out.addRelation(r);
            }
        }
        for (PgProc p : c.functions()) {
            if (isSystemNamespace(p.nspname())) {
                out.addFunction(p);
            }
        }
        return out;
    }

    private static boolean isSystemNamespace(String nspname) {
        return nspname.equals("pg_catalog") || nspname.equals("information_schema") || nspname.startsWith("pg_toast");
    }

    @Override
    public SnapshotReader newReader() {
        return base.newReader(databaseId);
    }

    @Override
    public ViewContext viewContext(Snapshot snapshot) {
        ViewContext own = base.viewContext(snapshot);
        return new ViewContext(snapshot, catalog(), own.pending(), own.numBackends(), own.dataChecksums(),
                own.logicalSlots());
    }

    @Override
    public StatsSender sender() {
        return base.sender();
    }

    @Override
    public Health health() {
        return base.health();
    }

    @Override
    public boolean writable() {
        return base.writable();
    }

    @Override
    public StatsService forDatabase(int oid) {
        return base.forDatabase(oid);
    }
}
