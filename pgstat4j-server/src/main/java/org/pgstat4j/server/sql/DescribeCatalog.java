package org.pgstat4j.server.sql;

import static org.pgstat4j.server.sql.WireType.BOOL;
import static org.pgstat4j.server.sql.WireType.CHAR;
import static org.pgstat4j.server.sql.WireType.INT2;
import static org.pgstat4j.server.sql.WireType.INT4;
import static org.pgstat4j.server.sql.WireType.NAME;
import static org.pgstat4j.server.sql.WireType.OID;
import static org.pgstat4j.server.sql.WireType.PG_NODE_TREE;
import static org.pgstat4j.server.sql.WireType.TEXT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;

/**
 * The catalog tables psql's {@code \d} family reads to describe a relation —
 * {@code pg_class}, {@code pg_attribute}, {@code pg_attrdef}, {@code pg_collation},
 * {@code pg_am} — with PostgreSQL 14's column names and types.
 *
 * <p>What they hold: {@code pg_class} has the {@link Catalog}'s relations and PostgreSQL 14's
 * system views ({@link Pg14Views}); {@code pg_attribute} the columns of those system views;
 * {@code pg_attrdef} nothing (views have no defaults); {@code pg_collation} the collations
 * every cluster has ({@code default}, {@code C}, {@code POSIX}); {@code pg_am} PostgreSQL 14's
 * built-in access methods.
 *
 * <p>Invariant: a value pgstat4j cannot know is never shown as a fact. For a relation of the
 * catalog, the columns of {@link #UNKNOWN_FOR_CATALOG_RELATIONS} are NULL here and
 * {@link CatalogGuard} refuses every query that reads them unless it asks for system views
 * by OID; it likewise refuses reads of {@code pg_attribute}, {@code pg_attrdef} and
 * {@code pg_collation} that are not lookups of keys {@link #isKnownKey known} here, because
 * their rows for other objects (a table's columns, an ICU collation) are not served.
 */
final class DescribeCatalog {
    private static final int PG_CATALOG = CatalogTables.PG_CATALOG_NAMESPACE;
    private static final long BOOTSTRAP_SUPERUSER = SystemViews.BOOTSTRAP_SUPERUSER;

    static final Map<String, List<SystemViews.Col>> COLUMNS = columns();

    /** The {@code pg_class} columns whose value the catalog does not give for its relations. */
    static final Set<String> UNKNOWN_FOR_CATALOG_RELATIONS = Set.of("reloftype", "relowner", "relam",
            "reltablespace", "relhasindex", "relpersistence", "relchecks", "relhasrules", "relhastriggers",
            "relrowsecurity", "relforcerowsecurity", "relreplident", "relispartition");

    /** The column a query must look up by for each table whose rows are served only for some keys. */
    static final Map<String, String> LOOKUP_KEYS = Map.of("pg_class", "oid", "pg_attribute", "attrelid",
            "pg_attrdef", "adrelid", "pg_collation", "oid");

    private static final List<Object[]> COLLATIONS = List.of(
            new Object[] {100L, "default", (long) PG_CATALOG, BOOTSTRAP_SUPERUSER, "d", true, -1, "", "", null},
            new Object[] {950L, "C", (long) PG_CATALOG, BOOTSTRAP_SUPERUSER, "c", true, -1, "C", "C", null},
            new Object[] {951L, "POSIX", (long) PG_CATALOG, BOOTSTRAP_SUPERUSER, "c", true, -1, "POSIX", "POSIX",
                    null});

    private static final List<Object[]> ACCESS_METHODS = List.of(new Object[] {2L, "heap", "t"},
            new Object[] {403L, "btree", "i"}, new Object[] {405L, "hash", "i"}, new Object[] {783L, "gist", "i"},
            new Object[] {2742L, "gin", "i"}, new Object[] {3580L, "brin", "i"}, new Object[] {4000L, "spgist", "i"});

    private DescribeCatalog() {
    }

    private static Map<String, List<SystemViews.Col>> columns() {
        Map<String, List<SystemViews.Col>> m = new LinkedHashMap<>();
        m.put("pg_class", cols("oid", OID, "relname", NAME, "relnamespace", OID, "reloftype", OID, "relowner", OID,
                "relam", OID, "reltablespace", OID, "reltoastrelid", OID, "relhasindex", BOOL, "relisshared", BOOL,
                "relpersistence", CHAR, "relkind", CHAR, "relchecks", INT2, "relhasrules", BOOL,
                "relhastriggers", BOOL, "relrowsecurity", BOOL, "relforcerowsecurity", BOOL, "relreplident", CHAR,
                "relispartition", BOOL));
        m.put("pg_attribute", cols("attrelid", OID, "attname", NAME, "atttypid", OID, "attstattarget", INT4,
                "attnum", INT2, "attndims", INT4, "atttypmod", INT4, "attnotnull", BOOL, "atthasdef", BOOL,
                "atthasmissing", BOOL, "attidentity", CHAR, "attgenerated", CHAR, "attisdropped", BOOL,
                "attislocal", BOOL, "attinhcount", INT4, "attcollation", OID));
        m.put("pg_attrdef", cols("oid", OID, "adrelid", OID, "adnum", INT2, "adbin", PG_NODE_TREE));
        m.put("pg_collation", cols("oid", OID, "collname", NAME, "collnamespace", OID, "collowner", OID,
                "collprovider", CHAR, "collisdeterministic", BOOL, "collencoding", INT4, "collcollate", NAME,
                "collctype", NAME, "collversion", TEXT));
        m.put("pg_am", cols("oid", OID, "amname", NAME, "amtype", CHAR));
        return Map.copyOf(m);
    }

    private static List<SystemViews.Col> cols(Object... nameType) {
        List<SystemViews.Col> out = new ArrayList<>(nameType.length / 2);
        for (int i = 0; i < nameType.length; i += 2) {
            out.add(new SystemViews.Col((String) nameType[i], (WireType) nameType[i + 1]));
        }
        return List.copyOf(out);
    }

    /** Whether {@code table}'s rows for key value {@code key} ({@link #LOOKUP_KEYS}) are exactly PostgreSQL's. */
    static boolean isKnownKey(String table, long key) {
        if (table.equals("pg_collation")) {
            return COLLATIONS.stream().anyMatch(c -> (Long) c[0] == key);
        }
        return key >= 0 && key <= 0xFFFF_FFFFL && Pg14Views.BY_OID.containsKey((int) key);
    }

    /** The rows of {@code table} for the calling session. */
    static List<Object[]> rows(String table, SqlSession session) {
        return switch (table) {
            case "pg_class" -> classRows(session.catalog());
            case "pg_attribute" -> attributeRows();
            case "pg_attrdef" -> List.of();
            case "pg_collation" -> COLLATIONS;
            case "pg_am" -> ACCESS_METHODS;
            default -> throw new IllegalArgumentException("no catalog table " + table);
        };
    }

    private static List<Object[]> classRows(Catalog catalog) {
        Map<String, Integer> ns = CatalogTables.namespaces(catalog);
        List<Object[]> rows = new ArrayList<>();
        for (PgClass c : catalog.relations()) {
            if (Pg14Views.BY_OID.containsKey(c.oid())) {
                continue; // listed below, with what PostgreSQL 14 shows for it
            }
            rows.add(new Object[] {Integer.toUnsignedLong(c.oid()), c.relname(), (long) ns.get(c.nspname()), null,
                    null, null, null, Integer.toUnsignedLong(c.reltoastrelid()), null, c.relisshared(), null,
                    String.valueOf(c.relkind().code()), null, null, null, null, null, null, null});
        }
        for (Pg14Views.SystemView v : Pg14Views.BY_OID.values()) {
            rows.add(new Object[] {(long) v.oid(), v.relname(), (long) PG_CATALOG, 0L, BOOTSTRAP_SUPERUSER, 0L, 0L,
                    0L, false, false, "p", "v", (short) 0, true, false, false, false, "n", false});
        }
        return rows;
    }

    private static List<Object[]> attributeRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Pg14Views.SystemView v : Pg14Views.BY_OID.values()) {
            for (Pg14Views.ViewColumn c : v.columns()) {
                rows.add(new Object[] {(long) v.oid(), c.attname(), (long) c.atttypid(), -1, (short) c.attnum(), 0,
                        c.atttypmod(), false, false, false, "", "", false, true, 0, (long) c.attcollation()});
            }
        }
        return rows;
    }

    /** A relation by OID: the catalog's, or a system view; null if neither. */
    static Relation relation(Catalog catalog, long oid) {
        if (oid < 0 || oid > 0xFFFF_FFFFL) {
            return null;
        }
        PgClass c = catalog.relation((int) oid);
        if (c != null) {
            return new Relation(c.nspname(), c.relname());
        }
        Pg14Views.SystemView v = Pg14Views.BY_OID.get((int) oid);
        return v == null ? null : new Relation("pg_catalog", v.relname());
    }

    /** Whether a relation named {@code relname} is in schema {@code nspname}. */
    static boolean exists(Catalog catalog, String nspname, String relname) {
        return catalog.relation(nspname, relname) != null
                || nspname.equals("pg_catalog") && Pg14Views.BY_NAME.containsKey(relname);
    }

    /** A relation's schema and name. */
    record Relation(String nspname, String relname) { }
}
