package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.h2.command.Prepared;
import org.h2.command.query.Query;
import org.h2.command.query.SelectUnion;
import org.h2.expression.Alias;
import org.h2.expression.Expression;
import org.h2.expression.ExpressionColumn;
import org.h2.expression.SearchedCase;
import org.h2.expression.SimpleCase;
import org.h2.expression.aggregate.Aggregate;
import org.h2.expression.function.CastSpecification;
import org.h2.expression.function.JavaFunction;
import org.h2.expression.function.NamedExpression;
import org.h2.engine.SessionLocal;
import org.h2.table.Column;
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * The row description PostgreSQL would give for a query: column names by PostgreSQL's rule
 * ({@link ColumnNames}) and PostgreSQL types (a column of a statistics view or catalog table
 * keeps its declared type, so {@code relid} is {@code oid} and {@code relname} is
 * {@code name}; an array its element type's array type, {@code array_agg(relid)} is
 * {@code oid[]}; a {@code regclass} is a {@code regclass}; a constant the engine folded is
 * typed as written ({@link FoldedColumns}); other expressions map from the engine's type).
 * Invariant: a column whose type cannot be sent as PostgreSQL would (an array of numeric,
 * of timestamps, of arrays) is refused with {@code 0A000}, never sent as text.
 *
 * <p>Reads the engine's prepared query tree; it never executes anything.
 */
final class ResultShape {
    /** One column as the row description gives it; {@code scale} ≥ 0: numeric values are sent with it. */
    record ResultColumn(String name, WireType type, int scale) {
        ResultColumn(String name, WireType type) {
            this(name, type, -1);
        }
    }

    /** Functions whose PostgreSQL result type is none the engine has. */
    private static final Map<String, WireType> FUNCTION_TYPES = Map.of("pg_get_userbyid", WireType.NAME,
            "pg_lsn", WireType.PG_LSN, "pg_current_wal_lsn", WireType.PG_LSN,
            "pg_last_wal_receive_lsn", WireType.PG_LSN, "pg_last_wal_replay_lsn", WireType.PG_LSN,
            "inet_server_addr", WireType.INET, "current_database", WireType.NAME,
            "pg_is_in_recovery", WireType.BOOL);
    /** Functions whose PostgreSQL result type is {@code void}. */
    private static final Set<String> VOID_FUNCTIONS = Set.of("pg_stat_clear_snapshot", "pg_stat_reset",
            "pg_stat_reset_shared", "pg_stat_reset_single_table_counters",
            "pg_stat_reset_single_function_counters", "pg_stat_reset_slru", "pg_stat_reset_replication_slot");

    /** The engine domains standing for PostgreSQL types (see {@link EngineDatabase}). */
    private static final Map<String, WireType> DOMAIN_TYPES = Map.of("oid", WireType.OID, "name", WireType.NAME);
    private static final java.lang.reflect.Field CAST_DOMAIN = QueryTree.field(CastSpecification.class, "domain");

    private ResultShape() {
    }

    /** The name of the domain a cast is to, or null. */
    private static String domainOf(CastSpecification c) {
        try {
            return CAST_DOMAIN.get(c) instanceof org.h2.schema.Domain d ? d.getName() : null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The columns of a prepared statement, or null when it returns no rows. */
    static List<ResultColumn> of(Prepared prepared, SessionLocal session, EngineDatabase db, String sql)
            throws PgError {
        if (!(prepared instanceof Query q)) {
            return prepared.isQuery() ? single(prepared, session) : null;
        }
        Map<Query, FoldedColumns.Written[]> folded = FoldedColumns.of(prepared, session, sql);
        List<Expression> expressions = q.getExpressions();
        // a set operation's columns are named by its first query, as in PostgreSQL
        Query first = q;
        while (first instanceof SelectUnion u) {
            first = u.getLeft();
        }
        List<Expression> named = first.getExpressions();
        List<ResultColumn> out = new ArrayList<>();
        for (int i = 0; i < q.getColumnCount(); i++) {
            Expression e = expressions.get(i);
            Expression namer = i < named.size() ? named.get(i) : e;
            String name = writtenName(FoldedColumns.column(folded, first, i), ColumnNames.name(namer, session, i),
                    session, i);
            Integer extractScale = Extract.resultScale(e);
            out.add(extractScale == null ? new ResultColumn(name, columnType(q, i, db, 0, folded, session))
                    : new ResultColumn(name, WireType.NUMERIC, extractScale));
        }
        for (int i = 0; i < out.size(); i++) {
            refuseArray(out.get(i).type(), expressions.get(i).getType());
            Expression inner = expressions.get(i) instanceof Alias a ? a.getNonAliasExpression() : expressions.get(i);
            if (out.get(i).type() == WireType.BPCHAR && (q instanceof SelectUnion || inner instanceof ExpressionColumn
                    || inner instanceof Aggregate)) {
                // the engine drops the padding of a char(n) value passed through a set operation, derived table or aggregate
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "char(n) columns of set operations, derived tables"
                        + " and aggregates are not supported (the engine drops their padding)",
                        "Cast to varchar or text instead of char(n).");
            }
        }
        return out;
    }

    /**
     * An array column of an element type this endpoint cannot send as PostgreSQL would (e.g.
     * {@code timestamptz[]}, nested arrays) is refused rather than sent as text.
     */
    private static void refuseArray(WireType sent, TypeInfo engine) throws PgError {
        if (sent.element() != null || engine.getValueType() != Value.ARRAY) {
            return;
        }
        String element = engine.getExtTypeInfo() instanceof TypeInfo e ? fromEngine(e).sqlName() : "unknown type";
        if (engine.getExtTypeInfo() instanceof TypeInfo e && e.getValueType() == Value.ARRAY) {
            element = "arrays";
        }
        String why = element.equals("numeric") ? " (the engine gives every element one scale)" : "";
        throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "result columns of arrays of " + element + " are not supported"
                + why, "Select the values as rows or columns instead of an array.");
    }

    /**
     * A result column that is a parameter the client declared {@code varchar} is a
     * {@code varchar}, as in PostgreSQL (the engine's character type is sent as {@code text});
     * one declared {@code bytea}, {@code numeric} or an array type has that type.
     */
    static List<ResultColumn> withDeclaredParameters(List<ResultColumn> columns, Prepared p, WireType[] declared)
            throws PgError {
        if (columns == null || !(p instanceof org.h2.command.query.Select q)) {
            return columns;
        }
        List<ResultColumn> out = new ArrayList<>(columns);
        for (int i = 0; i < out.size() && i < q.getExpressions().size(); i++) {
            Expression e = q.getExpressions().get(i);
            Expression inner = e instanceof Alias a ? a.getNonAliasExpression() : e;
            if (inner instanceof CastSpecification c && c.getSubexpression(0) instanceof org.h2.expression.Parameter prm
                    && prm.getIndex() < declared.length && declared[prm.getIndex()] == WireType.VARCHAR
                    && out.get(i).type() == WireType.TEXT) {
                out.set(i, new ResultColumn(out.get(i).name(), WireType.VARCHAR));
            }
            // SELECT $1 of a bytea or numeric the client typed: the engine holds the bytes or the exact decimal
            if (inner instanceof org.h2.expression.Parameter prm && prm.getIndex() < declared.length
                    && (declared[prm.getIndex()] == WireType.BYTEA || declared[prm.getIndex()] == WireType.NUMERIC)) {
                out.set(i, new ResultColumn(out.get(i).name(), declared[prm.getIndex()]));
            }
            // SELECT $1 of an array the client typed (pgjdbc's setArray): the engine holds its elements so typed
            if (inner instanceof org.h2.expression.Parameter prm && prm.getIndex() < declared.length
                    && declared[prm.getIndex()].element() != null) {
                WireType array = declared[prm.getIndex()];
                if (WireType.arrayOf(array.element()) != array) {
                    throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "result columns of arrays of "
                            + array.element().sqlName() + " are not supported (the engine gives every element one scale)",
                            "Select the values as rows or columns instead of an array.");
                }
                out.set(i, new ResultColumn(out.get(i).name(), array));
            }
        }
        return out;
    }

    /** The name of a column the engine folded to a constant: after the expression as written, unless aliased. */
    private static String writtenName(FoldedColumns.Written w, String preparedName, SessionLocal session, int i) {
        if (w == null || w.aliased()) {
            return preparedName;
        }
        try {
            String n = ColumnNames.figure(w.expression(), session, i);
            return n != null ? n : "?column?";
        } catch (RuntimeException e) {
            return preparedName; // a part the engine did not optimize cannot name itself: the engine's name stands
        }
    }

    /** {@code EXPLAIN}, {@code CALL} and the like: described by the engine's own metadata. */
    private static List<ResultColumn> single(Prepared p, SessionLocal session) {
        var meta = p.queryMeta();
        List<ResultColumn> out = new ArrayList<>();
        for (int i = 0; i < meta.getVisibleColumnCount(); i++) {
            out.add(new ResultColumn(meta.getAlias(i).toLowerCase(Locale.ROOT), fromEngine(meta.getColumnType(i))));
        }
        return out;
    }

    /**
     * The type of a query's column; of a {@code UNION}/{@code INTERSECT}/{@code EXCEPT} the type
     * both sides give (the engine's own union type otherwise).
     */
    private static WireType columnType(Query q, int i, EngineDatabase db, int depth,
                                       Map<Query, FoldedColumns.Written[]> folded, SessionLocal session) {
        if (q instanceof SelectUnion u && depth < 16) {
            WireType left = columnType(u.getLeft(), i, db, depth + 1, folded, session);
            WireType right = columnType(u.getRight(), i, db, depth + 1, folded, session);
            if (left != right && isNameOrText(left) && isNameOrText(right)) {
                return left; // name and text convert to each other: PostgreSQL keeps the first one's type
            }
            return left == right ? left : fromEngine(q.getExpressions().get(i).getType());
        }
        Expression e = q.getExpressions().get(i);
        FoldedColumns.Written w = FoldedColumns.column(folded, q, i);
        WireType written = w == null ? null : FoldedColumns.type(w.expression(), session, x -> type(x, db, 0));
        return written != null ? written : type(e, db, depth); // a folded constant: typed as written
    }

    private static boolean isNameOrText(WireType t) {
        return t == WireType.NAME || t == WireType.TEXT;
    }

    private static WireType type(Expression e, EngineDatabase db, int depth) {
        Expression inner = e instanceof Alias a ? a.getNonAliasExpression() : e;
        if (inner instanceof org.h2.expression.Subquery s && s.getQuery().getColumnCount() == 1 && depth < 16) {
            return columnType(s.getQuery(), 0, db, depth + 1, Map.of(), null); // a scalar subquery: its one column's type
        }
        if (inner instanceof ExpressionColumn c) {
            Column col = c.getColumn();
            if (col != null && col.getTable() != null && col.getTable().getSchema() != null
                    && EngineDatabase.SCHEMA.equals(col.getTable().getSchema().getName())) {
                var t = db.columnType(col.getTable().getName(), col.getName());
                if (t.isPresent()) {
                    return t.get();
                }
            }
            // a column of a derived table or WITH query: the type of the expression behind it
            if (col != null && col.getTable() instanceof org.h2.table.QueryExpressionTable q
                    && !EngineDatabase.SCHEMA.equals(q.getSchema() == null ? null : q.getSchema().getName())
                    && q.getQuery() instanceof Query behind && col.getColumnId() < behind.getColumnCount()
                    && depth < 16) {
                return type(behind.getExpressions().get(col.getColumnId()), db, depth + 1);
            }
        }
        if ((inner instanceof SimpleCase || inner instanceof SearchedCase) && depth < 16) {
            WireType branches = CaseResults.commonType(inner, r -> type(r, db, depth + 1));
            if (branches != null) {
                return branches; // CASE ... THEN NULL ELSE pg_current_wal_lsn() END is a pg_lsn
            }
        }
        if (inner instanceof CastSpecification c) {
            return castType(c);
        }
        if (inner instanceof JavaFunction f) {
            if (VOID_FUNCTIONS.contains(f.getName())) {
                return WireType.VOID;
            }
            if (SqlText.REGCLASS_FUNCTION.equals(f.getName()) || SqlText.REGCLASS_NAME_FUNCTION.equals(f.getName())) {
                return WireType.REGCLASS; // 'name'::regclass, column::regclass: shown as the relation's name
            }
            WireType declared = FUNCTION_TYPES.get(f.getName());
            if (declared != null) {
                return declared;
            }
        }
        if (inner instanceof Aggregate a && a.getAggregateType() == org.h2.expression.aggregate.AggregateType.ARRAY_AGG
                && a.getSubexpressionCount() > 0 && depth < 16) {
            WireType array = WireType.arrayOf(type(a.getSubexpression(0), db, depth + 1));
            if (array != null) {
                return array; // array_agg(relid) is oid[]
            }
        }
        if (inner instanceof org.h2.expression.ExpressionList l && l.getType().getValueType() == Value.ARRAY
                && l.getSubexpressionCount() > 0 && depth < 16) {
            WireType element = null;
            for (int k = 0; k < l.getSubexpressionCount() && depth < 16; k++) {
                WireType t = type(l.getSubexpression(k), db, depth + 1);
                element = k == 0 || element == t ? t : null;
            }
            if (element != null && WireType.arrayOf(element) != null) {
                return WireType.arrayOf(element); // ARRAY[relid] is oid[]
            }
        }
        String sql = inner instanceof NamedExpression n ? n.getName() : "";
        if (sql.equals("SIGN") && inner.getSubexpressionCount() == 1) {
            WireType arg = type(inner.getSubexpression(0), db, depth + 1); // sign(x) is float8 or numeric
            return arg == WireType.NUMERIC ? arg : WireType.FLOAT8;
        }
        if (sql.equals("CHAR_LENGTH") || sql.equals("OCTET_LENGTH") || sql.equals("BIT_LENGTH")) {
            return WireType.INT4; // length() is integer
        }
        return fromEngine(inner.getType());
    }

    /**
     * The type of a cast: {@code x::oid}, {@code x::name} are the engine's domains for
     * PostgreSQL's types; a character type with a length ({@code varchar(n)}) is
     * {@code varchar} (without one the engine's type is also {@code text}'s).
     */
    static WireType castType(CastSpecification c) {
        String domainName = domainOf(c);
        WireType domain = domainName == null ? null : DOMAIN_TYPES.get(domainName);
        if (domain != null) {
            return domain;
        }
        TypeInfo t = c.getType();
        if (t.getValueType() == Value.VARCHAR && t.getDeclaredPrecision() >= 0) {
            return WireType.VARCHAR;
        }
        return fromEngine(t);
    }

    static WireType fromEngine(TypeInfo t) {
        return switch (t.getValueType()) {
            case Value.BOOLEAN -> WireType.BOOL;
            case Value.CHAR -> WireType.BPCHAR;
            case Value.TINYINT, Value.SMALLINT -> WireType.INT2;
            case Value.INTEGER -> WireType.INT4;
            case Value.BIGINT -> WireType.INT8;
            case Value.NUMERIC, Value.DECFLOAT -> WireType.NUMERIC;
            case Value.REAL -> WireType.FLOAT4;
            case Value.DOUBLE -> WireType.FLOAT8;
            case Value.DATE -> WireType.DATE;
            case Value.TIME -> WireType.TIME;
            case Value.TIMESTAMP -> WireType.TIMESTAMP;
            case Value.TIMESTAMP_TZ -> WireType.TIMESTAMPTZ;
            case Value.BINARY, Value.VARBINARY, Value.BLOB -> WireType.BYTEA;
            case Value.ARRAY -> t.getExtTypeInfo() instanceof TypeInfo e && WireType.arrayOf(fromEngine(e)) != null
                    ? WireType.arrayOf(fromEngine(e)) : WireType.TEXT; // refused by of(), see refuseArray
            default -> org.h2.value.DataType.isIntervalType(t.getValueType()) ? WireType.INTERVAL : WireType.TEXT;
        };
    }
}
