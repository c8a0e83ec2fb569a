package org.pgstat4j.server.sql;

import static org.pgstat4j.view.PgType.BOOL;
import static org.pgstat4j.view.PgType.INT4;
import static org.pgstat4j.view.PgType.NAME;
import static org.pgstat4j.view.PgType.OID;
import static org.pgstat4j.view.PgType.TEXT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgProc;
import org.pgstat4j.view.Column;

/**
 * The few catalog tables clients read besides the statistics views, with the columns they
 * use: {@code pg_namespace}, {@code pg_index}, {@code pg_proc} from the live {@link Catalog},
 * and {@code pg_type} for the types this endpoint sends (so that drivers can name a column's
 * type). {@code pg_class} and the other tables psql's {@code \d} reads are
 * {@link DescribeCatalog}'s.
 *
 * <p>Namespace OIDs: {@code pg_catalog} 11, {@code pg_toast} 99 and {@code public} 2200 as in
 * every PostgreSQL cluster; other schemas of the catalog are numbered from 16384 in name
 * order, so an OID of such a schema can change when schemas are added.
 */
final class CatalogTables {
    static final int PG_CATALOG_NAMESPACE = 11;
    private static final Map<String, Integer> FIXED_NAMESPACES = Map.of("pg_catalog", PG_CATALOG_NAMESPACE,
            "pg_toast", 99, "public", 2200);
    private static final int FIRST_NORMAL_OID = 16384;
    /** The OIDs of the collations {@code default} and {@code C} ({@code pg_type.typcollation}). */
    private static final int DEFAULT_COLLATION = 100;
    private static final int C_COLLATION = 950;

    static final Map<String, List<Column>> COLUMNS = columns();

    private CatalogTables() {
    }

    private static Map<String, List<Column>> columns() {
        Map<String, List<Column>> m = new LinkedHashMap<>();
        m.put("pg_namespace", List.of(Column.of("oid", OID), Column.of("nspname", NAME)));
        m.put("pg_index", List.of(Column.of("indexrelid", OID), Column.of("indrelid", OID)));
        m.put("pg_proc", List.of(Column.of("oid", OID), Column.of("proname", NAME), Column.of("pronamespace", OID)));
        m.put("pg_type", List.of(Column.of("oid", OID), Column.of("typname", NAME), Column.of("typnamespace", OID),
                Column.of("typlen", INT4), Column.of("typtype", TEXT), Column.of("typbasetype", OID),
                Column.of("typelem", OID), Column.of("typrelid", OID), Column.of("typnotnull", BOOL),
                Column.of("typcollation", OID)));
        return Map.copyOf(m);
    }

    /** The namespaces of {@code catalog} with their OIDs, in OID order of the fixed ones first. */
    static Map<String, Integer> namespaces(Catalog catalog) {
        TreeSet<String> others = new TreeSet<>();
        for (PgClass c : catalog.relations()) {
            others.add(c.nspname());
        }
        for (PgProc p : catalog.functions()) {
            others.add(p.nspname());
        }
        others.removeAll(FIXED_NAMESPACES.keySet());
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("pg_catalog", PG_CATALOG_NAMESPACE);
        m.put("pg_toast", FIXED_NAMESPACES.get("pg_toast"));
        m.put("public", FIXED_NAMESPACES.get("public"));
        int next = FIRST_NORMAL_OID;
        for (String n : others) {
            m.put(n, next++);
        }
        return m;
    }

    static List<Object[]> rows(String table, SqlSession session) {
        Catalog catalog = session.catalog();
        List<Object[]> rows = new ArrayList<>();
        switch (table) {
            case "pg_namespace" -> namespaces(catalog).forEach((n, oid) -> rows.add(new Object[] {oid, n}));
            case "pg_index" -> {
                for (PgClass c : catalog.relations()) {
                    if (c.relkind().isIndex()) {
                        rows.add(new Object[] {c.oid(), c.indrelid()});
                    }
                }
            }
            case "pg_proc" -> {
                Map<String, Integer> ns = namespaces(catalog);
                for (PgProc p : catalog.functions()) {
                    rows.add(new Object[] {p.oid(), p.proname(), ns.get(p.nspname())});
                }
            }
            case "pg_type" -> {
                for (WireType t : WireType.values()) {
                    if (t.element() != null) {
                        rows.add(new Object[] {t.oid(), t.typname(), PG_CATALOG_NAMESPACE, -1, "b", 0,
                                t.element().oid(), 0, false, collation(t.element())});
                        continue;
                    }
                    rows.add(new Object[] {t.oid(), t.typname(), PG_CATALOG_NAMESPACE, (int) t.typlen(),
                            t == WireType.UNKNOWN || t == WireType.VOID ? "p" : "b", 0, 0, 0, false,
                            collation(t)});
                }
            }
            default -> throw new IllegalArgumentException("no catalog table " + table);
        }
        return rows;
    }

    /** A type's {@code typcollation}: {@code C} for {@code name}, {@code default} for the string types, else none. */
    private static int collation(WireType t) {
        return switch (t) {
            case NAME -> C_COLLATION;
            case TEXT, VARCHAR, BPCHAR -> DEFAULT_COLLATION;
            default -> 0;
        };
    }
}
