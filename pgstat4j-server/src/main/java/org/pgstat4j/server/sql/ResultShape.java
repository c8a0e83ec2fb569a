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
import org.h2.expression.ValueExpression;
import org.h2.expression.aggregate.Aggregate;
import org.h2.expression.analysis.WindowFunction;
import org.h2.expression.function.CastSpecification;
import org.h2.expression.function.JavaFunction;
import org.h2.expression.function.NamedExpression;
import org.h2.engine.SessionLocal;
import org.h2.table.Column;
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * The row description PostgreSQL would give for a query: column names by PostgreSQL's rule
 * (a column reference gives its column name, a function call or aggregate its function
 * name, a cast its type when the operand has no name, {@code CASE} gives {@code case}, an
 * alias itself, anything else {@code ?column?}) and PostgreSQL types (a column of a
 * statistics view or catalog table keeps its declared type, so {@code relid} is {@code oid}
 * and {@code relname} is {@code name}; other expressions map from the engine's type).
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

    /** Internal function names and the PostgreSQL spelling a column takes from them. */
    private static final Map<String, String> FUNCTION_NAMES = Map.of(
            SqlText.USER_FUNCTION, "current_user",
            SqlText.REGCLASS_FUNCTION, "regclass",
            SqlText.REGCLASS_NAME_FUNCTION, "regclass",
            "pgstat4j_now", "now",
            SqlText.CURRENT_TIMESTAMP_FUNCTION, "current_timestamp",
            SqlText.INTERVAL_FUNCTION, "interval",
            "pgstat4j_quote_ident", "quote_ident",
            SqlText.NUMERIC_FUNCTION, "numeric",
            SqlText.BOOL_FUNCTION, "bool");
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
    private static final java.lang.reflect.Field CAST_DOMAIN = castDomain();

    private ResultShape() {
    }

    private static java.lang.reflect.Field castDomain() {
        try {
            java.lang.reflect.Field f = CastSpecification.class.getDeclaredField("domain");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this engine version keeps a cast's domain elsewhere", e);
        }
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
    static List<ResultColumn> of(Prepared prepared, SessionLocal session, EngineDatabase db) {
        if (!(prepared instanceof Query q)) {
            return prepared.isQuery() ? single(prepared, session) : null;
        }
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
            String name = name(i < named.size() ? named.get(i) : e, session, i);
            Integer extractScale = Extract.resultScale(e);
            out.add(extractScale == null ? new ResultColumn(name, columnType(q, i, db, 0))
                    : new ResultColumn(name, WireType.NUMERIC, extractScale));
        }
        return out;
    }

    /**
     * A result column that is a parameter the client declared {@code varchar} is a
     * {@code varchar}, as in PostgreSQL (the engine's character type is sent as {@code text}).
     */
    static List<ResultColumn> withDeclaredParameters(List<ResultColumn> columns, Prepared p, WireType[] declared) {
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
        }
        return out;
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

    private static String name(Expression e, SessionLocal session, int i) {
        if (e instanceof Alias a) {
            String alias = e.getAlias(session, i);
            // a cast the engine folded to a constant: PostgreSQL names the column after the type
            if (alias.equals("cast") && a.getNonAliasExpression() instanceof ValueExpression v) {
                return fromEngine(v.getType()).typname();
            }
            return alias;
        }
        String n = figure(e, session, i);
        return n != null ? n : "?column?";
    }

    /** PostgreSQL's FigureColname over the engine's tree; null when PostgreSQL has no name. */
    private static String figure(Expression e, SessionLocal session, int i) {
        return switch (e) {
            case ExpressionColumn c -> {
                String n = c.getColumnName(session, i);
                // VALUES lists: the engine names the columns C1, C2...; PostgreSQL column1, column2...
                if (c.getColumn() != null && c.getColumn().getTable() != null
                        && "VALUES".equals(c.getColumn().getTable().getName()) && n.matches("C[0-9]+")) {
                    yield "column" + n.substring(1);
                }
                yield n;
            }
            // x::regtype::text: a cast, named after its operand as in PostgreSQL
            case JavaFunction f when DescribeFunctions.REGTYPE_FUNCTION.equals(f.getName()) ->
                    figure(f.getSubexpression(0), session, i);
            case JavaFunction f -> FUNCTION_NAMES.getOrDefault(f.getName(), f.getName());
            // a scalar subquery: named after its one result column
            case org.h2.expression.Subquery s when s.getQuery().getExpressions().size() == 1 ->
                    name(s.getQuery().getExpressions().getFirst(), session, 0);
            case Aggregate a -> switch (a.getAggregateType()) {
                case COUNT_ALL -> "count";
                case LISTAGG -> "string_agg";
                case EVERY -> "bool_and";
                case ANY -> "bool_or";
                default -> a.getAggregateType().name().toLowerCase(Locale.ROOT);
            };
            case CastSpecification c when c.getType().getValueType() == Value.ARRAY
                    && c.getType().getExtTypeInfo() instanceof TypeInfo element -> fromEngine(element).typname();
            case CastSpecification c -> {
                String inner = figure(c.getSubexpression(0), session, i);
                yield inner != null ? inner : fromEngine(c.getType()).typname();
            }
            case WindowFunction w -> w.getFunctionType().name().toLowerCase(Locale.ROOT);
            case SearchedCase c -> caseName(c, session, i);
            case SimpleCase c -> caseName(c, session, i);
            case ValueExpression v -> v.getType().getValueType() == Value.BOOLEAN ? "bool" : null;
            case NamedExpression n -> n.getName().toLowerCase(Locale.ROOT);
            default -> leadingFunctionName(e.getAlias(session, i));
        };
    }

    /** A {@code CASE} is named after its {@code ELSE} result when that has a name, as in PostgreSQL. */
    private static String caseName(Expression c, SessionLocal session, int i) {
        Expression otherwise = CaseResults.elseResult(c);
        String n = otherwise == null || otherwise instanceof ValueExpression ? null : figure(otherwise, session, i);
        return n != null ? n : "case";
    }

    /** For window functions and other calls the engine spells {@code NAME(...)}: that name. */
    private static String leadingFunctionName(String sql) {
        int paren = sql.indexOf('(');
        if (paren <= 0) {
            return null;
        }
        if (closingParen(sql, paren) != sql.length() - 1) {
            return null; // e.g. "NOW() - X": an operator over a call, which PostgreSQL does not name
        }
        String head = sql.substring(0, paren).strip();
        if (!head.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            return null;
        }
        return head.substring(head.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    /** The index of the parenthesis closing the one at {@code open} in engine-generated SQL, or -1. */
    private static int closingParen(String sql, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The type of a query's column; of a {@code UNION}/{@code INTERSECT}/{@code EXCEPT} the type
     * both sides give (the engine's own union type otherwise).
     */
    private static WireType columnType(Query q, int i, EngineDatabase db, int depth) {
        if (q instanceof SelectUnion u && depth < 16) {
            WireType left = columnType(u.getLeft(), i, db, depth + 1);
            WireType right = columnType(u.getRight(), i, db, depth + 1);
            if (left != right && isNameOrText(left) && isNameOrText(right)) {
                return left; // name and text convert to each other: PostgreSQL keeps the first one's type
            }
            return left == right ? left : fromEngine(q.getExpressions().get(i).getType());
        }
        return type(q.getExpressions().get(i), db, depth);
    }

    private static boolean isNameOrText(WireType t) {
        return t == WireType.NAME || t == WireType.TEXT;
    }

    private static WireType type(Expression e, EngineDatabase db, int depth) {
        Expression inner = e instanceof Alias a ? a.getNonAliasExpression() : e;
        if (inner instanceof org.h2.expression.Subquery s && s.getQuery().getColumnCount() == 1 && depth < 16) {
            return columnType(s.getQuery(), 0, db, depth + 1); // a scalar subquery: its one column's type
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
            String domainName = domainOf(c);
            WireType domain = domainName == null ? null : DOMAIN_TYPES.get(domainName);
            if (domain != null) {
                return domain; // x::oid, x::name: the engine's domains for PostgreSQL's types
            }
        }
        if (inner instanceof JavaFunction f) {
            if (VOID_FUNCTIONS.contains(f.getName())) {
                return WireType.VOID;
            }
            if (SqlText.REGCLASS_FUNCTION.equals(f.getName())) {
                return WireType.OID;
            }
            WireType declared = FUNCTION_TYPES.get(f.getName());
            if (declared != null) {
                return declared;
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

    static WireType fromEngine(TypeInfo t) {
        return switch (t.getValueType()) {
            case Value.BOOLEAN -> WireType.BOOL;
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
            case Value.ARRAY -> t.getExtTypeInfo() instanceof TypeInfo e && e.getValueType() == Value.VARCHAR
                    ? WireType.TEXT_ARRAY : WireType.TEXT;
            default -> org.h2.value.DataType.isIntervalType(t.getValueType()) ? WireType.INTERVAL : WireType.TEXT;
        };
    }
}
