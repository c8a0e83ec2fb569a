package org.pgstat4j.server.sql;

import java.util.List;
import java.util.Map;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.catalog.Catalog;

/**
 * The functions psql's {@code \d} family calls: {@code pg_table_is_visible(oid)},
 * {@code format_type(oid, int4)}, {@code pg_get_expr(pg_node_tree, oid [, bool])} and
 * {@code pg_get_viewdef(oid [, bool])} (both refused: no expression is served), and the
 * name of a type OID for {@code column::regtype::text} ({@link PgCatalogSyntax}). Each
 * public static method becomes a SQL function of its name.
 *
 * <p>Invariant: a type name is given only for types whose PostgreSQL 14 name is known here
 * (the types this endpoint sends and those of the system views' columns); any other type OID
 * is refused with {@code 0A000}, never shown as a number or a guess.
 */
public final class DescribeFunctions {
    static final String REGTYPE_FUNCTION = "pgstat4j_regtype";
    private static final String DEFAULT_SEARCH_PATH = "\"$user\",public";

    /** {@code format_type(oid, NULL)} — the name without a type modifier — of the types this endpoint sends. */
    private static final Map<Integer, String> TYPE_NAMES = Map.ofEntries(Map.entry(16, "boolean"),
            Map.entry(17, "bytea"), Map.entry(18, "\"char\""), Map.entry(19, "name"), Map.entry(20, "bigint"),
            Map.entry(21, "smallint"), Map.entry(23, "integer"), Map.entry(25, "text"), Map.entry(26, "oid"),
            Map.entry(28, "xid"), Map.entry(194, "pg_node_tree"), Map.entry(700, "real"),
            Map.entry(701, "double precision"), Map.entry(705, "unknown"), Map.entry(869, "inet"),
            Map.entry(1009, "text[]"), Map.entry(1043, "character varying"), Map.entry(1082, "date"),
            Map.entry(1083, "time without time zone"), Map.entry(1114, "timestamp without time zone"),
            Map.entry(1184, "timestamp with time zone"), Map.entry(1186, "interval"), Map.entry(1700, "numeric"),
            Map.entry(2278, "void"), Map.entry(3220, "pg_lsn"));

    private DescribeFunctions() {
    }

    /** {@code format_type(type, typmod)}: the type's SQL name, with its modifier. */
    public static String format_type(Long type, Integer typmod) {
        if (type == null) {
            return null;
        }
        String name = null;
        if (type >= 0 && type <= Integer.MAX_VALUE) {
            int oid = (int) (long) type;
            name = typmod == null || typmod == -1 ? TYPE_NAMES.get(oid) : null;
            if (name == null) {
                name = Pg14Views.formatType(oid, typmod == null ? -1 : typmod);
            }
        }
        if (name == null) {
            throw unknownType(type);
        }
        return name;
    }

    /** {@code type::regtype::text}: the type's name as {@code regtype} shows it. */
    public static String pgstat4j_regtype(Long type) {
        return type == null ? null : format_type(type, null);
    }

    /**
     * {@code pg_table_is_visible(oid)}: whether the relation is found by its bare name — its
     * schema is on the search path ({@code pg_catalog}, the user's schema, {@code public}) and
     * no schema before it there has a relation of that name. NULL for an OID of no relation.
     */
    public static Boolean pg_table_is_visible(Long oid) {
        if (oid == null) {
            return null;
        }
        SqlSession s = SqlSession.current();
        String path = s.settings().currentSetting("search_path", false);
        if (!path.replace(" ", "").equals(DEFAULT_SEARCH_PATH)) {
            // names resolve along the default path only; another path would change the answer
            throw new SqlStateException(PgError.FEATURE_NOT_SUPPORTED, "pg_table_is_visible() with a search_path"
                    + " other than \"$user\", public is not supported by pgstat4j", null);
        }
        Catalog catalog = s.catalog();
        DescribeCatalog.Relation r = DescribeCatalog.relation(catalog, oid);
        if (r == null) {
            return null;
        }
        for (String nsp : List.of("pg_catalog", s.userName(), "public")) {
            if (DescribeCatalog.exists(catalog, nsp, r.relname())) {
                return nsp.equals(r.nspname());
            }
        }
        return false;
    }

    /** {@code pg_get_expr(expr, relation)}: expressions are never served (no defaults, constraints or partitions). */
    public static String pg_get_expr(String expr, Long relation) {
        return pg_get_expr(expr, relation, false);
    }

    public static String pg_get_expr(String expr, Long relation, Boolean pretty) {
        if (expr == null) {
            return null;
        }
        throw new SqlStateException(PgError.FEATURE_NOT_SUPPORTED, "pg_get_expr() is not supported by pgstat4j", null);
    }

    /** {@code pg_get_viewdef(view [, pretty])}: view definitions are not served. */
    public static String pg_get_viewdef(Long view) {
        return pg_get_viewdef(view, false);
    }

    public static String pg_get_viewdef(Long view, Boolean pretty) {
        if (view == null) {
            return null;
        }
        throw new SqlStateException(PgError.FEATURE_NOT_SUPPORTED, "pg_get_viewdef() is not supported by pgstat4j",
                "pgstat4j serves the system views' columns, not their definitions.");
    }

    private static SqlStateException unknownType(long type) {
        return new SqlStateException(PgError.FEATURE_NOT_SUPPORTED,
                "the name of type " + type + " is not known to pgstat4j", null);
    }
}
