package org.pgstat4j.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of every collector-fed view of PostgreSQL 14 (spec §8.1), by name. Adding a
 * view means adding one {@link ViewDefinition} here.
 *
 * <p>Each definition's export order is the one the conformance exports use: relname,
 * relname + indexrelname, funcname + funcid, datname NULLS FIRST, name, slot_name.
 *
 * <p>The one way to misuse it: looking a view up by a schema-qualified or upper-case name.
 * Names are PostgreSQL's, unqualified and lower case ({@code pg_stat_user_tables}).
 */
public final class Views {
    private static final Map<String, ViewDefinition> BY_NAME;

    static {
        List<ViewDefinition> all = new ArrayList<>();
        SortKey relname = SortKey.asc("relname");
        for (SchemaFilter f : SchemaFilter.values()) {
            all.add(new ViewDefinition("pg_stat_" + f.infix() + "_tables", RelationViews.STAT_TABLES,
                    RelationViews.statTables(f), List.of(relname)));
        }
        for (SchemaFilter f : SchemaFilter.values()) {
            all.add(new ViewDefinition("pg_stat_xact_" + f.infix() + "_tables", RelationViews.XACT_TABLES,
                    RelationViews.xactTables(f), List.of(relname)));
        }
        for (SchemaFilter f : SchemaFilter.values()) {
            all.add(new ViewDefinition("pg_statio_" + f.infix() + "_tables", RelationViews.STATIO_TABLES,
                    RelationViews.statioTables(f), List.of(relname)));
        }
        List<SortKey> byIndex = List.of(relname, SortKey.asc("indexrelname"));
        for (SchemaFilter f : SchemaFilter.values()) {
            all.add(new ViewDefinition("pg_stat_" + f.infix() + "_indexes", RelationViews.STAT_INDEXES,
                    RelationViews.statIndexes(f), byIndex));
        }
        for (SchemaFilter f : SchemaFilter.values()) {
            all.add(new ViewDefinition("pg_statio_" + f.infix() + "_indexes", RelationViews.STATIO_INDEXES,
                    RelationViews.statioIndexes(f), byIndex));
        }
        for (SchemaFilter f : SchemaFilter.values()) {
            all.add(new ViewDefinition("pg_statio_" + f.infix() + "_sequences", RelationViews.STATIO_SEQUENCES,
                    RelationViews.statioSequences(f), List.of(relname)));
        }
        List<SortKey> byFunction = List.of(SortKey.asc("funcname"), SortKey.asc("funcid"));
        all.add(new ViewDefinition("pg_stat_user_functions", RelationViews.USER_FUNCTIONS,
                RelationViews::userFunctions, byFunction));
        all.add(new ViewDefinition("pg_stat_xact_user_functions", RelationViews.USER_FUNCTIONS,
                RelationViews::xactUserFunctions, byFunction));
        all.add(new ViewDefinition("pg_stat_database", ClusterViews.DATABASE,
                ClusterViews::database, List.of(SortKey.ascNullsFirst("datname"))));
        all.add(new ViewDefinition("pg_stat_database_conflicts", ClusterViews.DATABASE_CONFLICTS,
                ClusterViews::databaseConflicts, List.of(SortKey.asc("datname"))));
        all.add(new ViewDefinition("pg_stat_bgwriter", ClusterViews.BGWRITER, ClusterViews::bgwriter, List.of()));
        all.add(new ViewDefinition("pg_stat_wal", ClusterViews.WAL, ClusterViews::wal, List.of()));
        all.add(new ViewDefinition("pg_stat_slru", ClusterViews.SLRU, ClusterViews::slru,
                List.of(SortKey.asc("name"))));
        all.add(new ViewDefinition("pg_stat_archiver", ClusterViews.ARCHIVER, ClusterViews::archiver, List.of()));
        all.add(new ViewDefinition("pg_stat_replication_slots", ClusterViews.REPLICATION_SLOTS,
                ClusterViews::replicationSlots, List.of(SortKey.asc("slot_name"))));
        Map<String, ViewDefinition> m = new LinkedHashMap<>();
        for (ViewDefinition v : all) {
            m.put(v.name(), v);
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private Views() {
    }

    /** Every view, in the order of spec §8.1. */
    public static List<ViewDefinition> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<ViewDefinition> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The view names, in the order of {@link #all()}. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
