package org.pgstat4j.server.workload;

import java.util.Collection;
import org.pgstat4j.backend.KnownObjects;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.catalog.PgProc;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.store.DbEntryView;
import org.pgstat4j.store.ReplSlotEntryView;

/**
 * The two sides that dead-object purging compares ({@code pgstat_vacuum_stat}, spec §5.5):
 * what a statistics snapshot holds entries for, and what a database's catalog says exists.
 */
final class KnownObjectSets {
    private KnownObjectSets() {
    }

    /** The objects the collector has statistics for, as the snapshot shows them. */
    static KnownObjects of(Snapshot snapshot) {
        return new KnownObjects() {
            public int[] databaseOids() {
                return snapshot.databases().stream().mapToInt(DbEntryView::databaseId).toArray();
            }

            public int[] tableOids(int databaseOid) {
                DbEntryView d = snapshot.database(databaseOid);
                return d == null ? new int[0] : d.tableOids();
            }

            public int[] functionOids(int databaseOid) {
                DbEntryView d = snapshot.database(databaseOid);
                return d == null ? new int[0] : d.functionOids();
            }

            public Collection<String> replicationSlotNames() {
                return snapshot.replSlots().stream().map(ReplSlotEntryView::slotName).toList();
            }
        };
    }

    /** The objects that exist, as the catalog of {@code schema} and the cluster's slots say. */
    static KnownObjects of(Schema schema) {
        Catalog catalog = schema.catalog();
        return new KnownObjects() {
            public int[] databaseOids() {
                return catalog.databases().stream().mapToInt(PgDatabase::oid).toArray();
            }

            public int[] tableOids(int databaseOid) {
                return catalog.relations().stream().mapToInt(PgClass::oid).toArray();
            }

            public int[] functionOids(int databaseOid) {
                return catalog.functions().stream().mapToInt(PgProc::oid).toArray();
            }

            public Collection<String> replicationSlotNames() {
                return schema.cluster().logicalSlots();
            }
        };
    }
}
