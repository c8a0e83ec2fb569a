package org.pgstat4j.server.sql;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.command.Prepared;
import org.h2.command.query.Select;
import org.h2.expression.Expression;
import org.h2.expression.ExpressionColumn;
import org.h2.expression.ValueExpression;
import org.h2.expression.condition.CompareLike;
import org.h2.expression.condition.Comparison;
import org.h2.expression.condition.ConditionAndOr;
import org.h2.expression.condition.ConditionAndOrN;
import org.h2.expression.function.JavaFunction;
import org.h2.table.Table;
import org.h2.table.TableFilter;
import org.h2.value.Value;
import org.h2.value.ValueNull;

/**
 * Refuses, before anything runs, the catalog reads whose answer would be incomplete, and the
 * regular-expression matches whose pattern the engine would read as Java's:
 * <ul>
 * <li>a query reading a {@code pg_class} column pgstat4j does not know for the catalog's
 *     relations ({@link DescribeCatalog#UNKNOWN_FOR_CATALOG_RELATIONS}: owner, access method,
 *     persistence, ...) must look the rows up by {@code oid = constant} for a system view;</li>
 * <li>a query reading {@code pg_attribute}, {@code pg_attrdef} or {@code pg_collation} must
 *     look its rows up by their key ({@link DescribeCatalog#LOOKUP_KEYS}) equal to a constant
 *     whose rows are served ({@link DescribeCatalog#isKnownKey}), to a column of
 *     {@code pg_attribute} or {@code pg_type}, whose values are all such keys, or to the
 *     {@code oid} of a {@code pg_class} kept to the visible relation of a system view's name
 *     ({@code relname = 'pg_stat_user_tables' AND pg_table_is_visible(oid)});</li>
 * <li>{@code ~} and its variants must have their pattern from {@link PosixRegex} (which
 *     {@link PgCatalogSyntax} puts around a literal or parameter pattern) and a string to
 *     match, as PostgreSQL has them for strings only ({@code 42883} otherwise).</li>
 * </ul>
 * The key must be an equality among the {@code AND}ed conditions of the query's
 * {@code WHERE} or of the table's own join condition: psql's {@code \d} queries look up a
 * view's row and columns so, while listing every table's owner or a table's columns cannot be
 * answered and fails with {@code 0A000} naming what is missing.
 *
 * <p>Reads the prepared query tree ({@link QueryTree}); it never executes or changes anything.
 */
final class CatalogGuard {
    private static final Field COMPARE_TYPE = QueryTree.field(Comparison.class, "compareType");
    private static final Field AND_OR = QueryTree.field(ConditionAndOr.class, "andOrType");
    private static final Field AND_OR_N = QueryTree.field(ConditionAndOrN.class, "andOrType");
    private static final Field LIKE_TYPE = QueryTree.field(CompareLike.class, "likeType");
    /** The tables whose every value is a key served by the guarded tables. */
    private static final Set<String> KEY_SOURCES = Set.of("pg_attribute", "pg_type");

    private record Lookup(Select select, TableFilter filter, String table) { }

    private CatalogGuard() {
    }

    /** Throws {@code 0A000} if {@code p} reads catalog rows that are not served, or matches a raw pattern. */
    static void check(Prepared p) throws PgError {
        Map<TableFilter, Set<String>> read = new IdentityHashMap<>();
        Map<TableFilter, Select> selects = new IdentityHashMap<>();
        List<Lookup> lookups = new ArrayList<>();
        QueryTree.walk(p, (e, parent, index, tree) -> {
            if (e instanceof CompareLike like && isRegexp(like) && !isTranslated(like.getSubexpression(1))) {
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                        "a regular expression match whose pattern is not a string literal or a parameter is not"
                                + " supported",
                        "Write the pattern as a literal: x ~ '^pg_'.");
            }
            if (e instanceof CompareLike like && isRegexp(like) && !isString(like.getSubexpression(0))) {
                // PostgreSQL has ~ for strings only; the engine would match the value's text
                throw PgError.error(PgError.UNDEFINED_FUNCTION, "operator does not exist for a regular expression"
                                + " match of a value that is not a string",
                        "No operator matches the given name and argument types. You might need to add explicit"
                                + " type casts.");
            }
            if (e instanceof ExpressionColumn c && c.getTableFilter() != null && c.getColumn() != null) {
                read.computeIfAbsent(c.getTableFilter(), k -> new HashSet<>()).add(c.getColumn().getName());
            }
        }, (select, filter) -> {
            selects.put(filter, select);
            String table = catalogTable(filter.getTable());
            if (table != null && DescribeCatalog.LOOKUP_KEYS.containsKey(table)) {
                lookups.add(new Lookup(select, filter, table));
            }
        });
        for (Lookup l : lookups) {
            Set<String> columns = read.getOrDefault(l.filter(), Set.of());
            if (l.table().equals("pg_class")) {
                List<String> unknown = columns.stream()
                        .filter(DescribeCatalog.UNKNOWN_FOR_CATALOG_RELATIONS::contains).sorted().toList();
                if (!unknown.isEmpty() && !isServedLookup(l, selects)) {
                    throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "pg_class." + unknown.getFirst()
                                    + " of tables, indexes and sequences is not supported by pgstat4j",
                            "pgstat4j knows these columns for PostgreSQL's system views only (looked up by oid).");
                }
            } else if (!isServedLookup(l, selects)) {
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, l.table() + " is supported by pgstat4j only"
                                + " for PostgreSQL's system views, looked up by "
                                + DescribeCatalog.LOOKUP_KEYS.get(l.table()),
                        "pgstat4j does not know the columns, defaults and collations of the observed tables.");
            }
        }
    }

    /** The name of a pgstat4j catalog table, or null for any other table. */
    private static String catalogTable(Table t) {
        return t != null && t.getSchema() != null && t.getSchema().getName().equals(EngineDatabase.SCHEMA)
                ? t.getName() : null;
    }

    /** Whether the lookup's key is compared, among the ANDed conditions, with a served key. */
    private static boolean isServedLookup(Lookup l, Map<TableFilter, Select> selects) {
        String key = DescribeCatalog.LOOKUP_KEYS.get(l.table());
        for (Expression e : conjuncts(l.select(), l.filter())) {
            if (e instanceof Comparison c && intField(COMPARE_TYPE, c) == Comparison.EQUAL) {
                Expression a = c.getSubexpression(0);
                Expression b = c.getSubexpression(1);
                if (isKeyServed(l, key, a, b, selects) || isKeyServed(l, key, b, a, selects)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Expression> conjuncts(Select select, TableFilter filter) {
        List<Expression> out = new ArrayList<>();
        conjuncts(select.getCondition(), out);
        conjuncts(filter.getJoinCondition(), out);
        return out;
    }

    /**
     * Whether {@code filter} (over {@code pg_class}) keeps only a system view: its conditions
     * hold {@code relname = 'view name'} and {@code pg_table_is_visible(oid)} (psql's tab
     * completion of column names). The visible relation of a system view's name is that view:
     * {@code pg_catalog} comes first on the search path.
     */
    private static boolean isVisibleSystemView(TableFilter filter, Select select) {
        boolean named = false;
        boolean visible = false;
        for (Expression e : conjuncts(select, filter)) {
            if (e instanceof Comparison c && intField(COMPARE_TYPE, c) == Comparison.EQUAL) {
                for (int side = 0; side < 2; side++) {
                    if (isColumn(c.getSubexpression(side), filter, "relname")
                            && c.getSubexpression(1 - side) instanceof ValueExpression v
                            && v.getValue(null) != ValueNull.INSTANCE
                            && Pg14Views.BY_NAME.containsKey(v.getValue(null).getString())) {
                        named = true;
                    }
                }
            }
            if (e instanceof JavaFunction f && f.getName().equals("pg_table_is_visible")
                    && f.getSubexpressionCount() == 1 && isColumn(f.getSubexpression(0), filter, "oid")) {
                visible = true;
            }
        }
        return named && visible;
    }

    private static boolean isColumn(Expression e, TableFilter filter, String name) {
        return e instanceof ExpressionColumn c && c.getTableFilter() == filter && c.getColumn() != null
                && c.getColumn().getName().equals(name);
    }

    private static boolean isKeyServed(Lookup l, String key, Expression column, Expression other,
                                       Map<TableFilter, Select> selects) {
        if (!(column instanceof ExpressionColumn c) || c.getTableFilter() != l.filter()
                || !c.getColumn().getName().equals(key)) {
            return false;
        }
        if (other instanceof ValueExpression v) {
            Value value = v.getValue(null);
            return value != ValueNull.INSTANCE && isKnown(l.table(), value);
        }
        if (!(other instanceof ExpressionColumn o) || o.getTableFilter() == null || o.getTableFilter() == l.filter()) {
            return false;
        }
        String table = String.valueOf(catalogTable(o.getTableFilter().getTable()));
        return KEY_SOURCES.contains(table) || table.equals("pg_class") && o.getColumn().getName().equals("oid")
                && !l.table().equals("pg_collation") && selects.containsKey(o.getTableFilter())
                && isVisibleSystemView(o.getTableFilter(), selects.get(o.getTableFilter()));
    }

    private static boolean isKnown(String table, Value value) {
        try {
            return DescribeCatalog.isKnownKey(table, value.getLong());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void conjuncts(Expression e, List<Expression> out) {
        if (e instanceof ConditionAndOr a && intField(AND_OR, a) == ConditionAndOr.AND
                || e instanceof ConditionAndOrN n && intField(AND_OR_N, n) == ConditionAndOr.AND) {
            for (int i = 0; i < e.getSubexpressionCount(); i++) {
                conjuncts(e.getSubexpression(i), out);
            }
        } else if (e != null) {
            out.add(e);
        }
    }

    private static boolean isString(Expression e) {
        if (e instanceof org.h2.expression.function.CastSpecification c
                && c.getType().getValueType() == Value.VARCHAR_IGNORECASE) {
            e = c.getSubexpression(0); // the engine's ~* casts what it matches
        }
        int t = e.getType().getValueType();
        return t == Value.VARCHAR || t == Value.CHAR || t == Value.VARCHAR_IGNORECASE || t == Value.NULL;
    }

    private static boolean isRegexp(CompareLike like) {
        try {
            return LIKE_TYPE.get(like) == CompareLike.LikeType.REGEXP;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a pattern comes from {@link PosixRegex} (a call of its functions). */
    private static boolean isTranslated(Expression pattern) {
        return pattern instanceof JavaFunction f && f.getName().equals("pgstat4j_regex");
    }

    private static int intField(Field f, Object o) {
        try {
            return f.getInt(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
