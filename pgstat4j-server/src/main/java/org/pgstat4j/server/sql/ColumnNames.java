package org.pgstat4j.server.sql;

import java.util.Locale;
import java.util.Map;
import org.h2.engine.SessionLocal;
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
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * The names PostgreSQL gives result columns (its FigureColname), over the engine's tree: a
 * column reference gives its column name, a function call or aggregate its function name
 * (pgstat4j's internal functions their PostgreSQL spelling), a cast its type when the operand
 * has no name, {@code CASE} its {@code ELSE} result's name or {@code case}, an alias itself,
 * anything else {@code ?column?}. Reads expressions only; for {@link ResultShape}.
 */
final class ColumnNames {
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
            SqlText.BOOL_FUNCTION, "bool",
            SqlText.TIMESTAMPTZ_FUNCTION, "timestamptz");
    private ColumnNames() {
    }

    static String name(Expression e, SessionLocal session, int i) {
        if (e instanceof Alias a) {
            String alias = e.getAlias(session, i);
            // a cast the engine folded to a constant: PostgreSQL names the column after the type
            if (alias.equals("cast") && a.getNonAliasExpression() instanceof ValueExpression v) {
                return ResultShape.fromEngine(v.getType()).typname();
            }
            return alias;
        }
        String n = figure(e, session, i);
        return n != null ? n : "?column?";
    }

    /** PostgreSQL's FigureColname over the engine's tree; null when PostgreSQL has no name. */
    static String figure(Expression e, SessionLocal session, int i) {
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
            // an untyped literal read as timestamptz is nameless, as a literal is
            case JavaFunction f when f.getName().equals(SqlText.UNTYPED_TIMESTAMPTZ_FUNCTION) -> null;
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
                    && c.getType().getExtTypeInfo() instanceof TypeInfo element -> ResultShape.fromEngine(element).typname();
            case CastSpecification c -> {
                String inner = figure(c.getSubexpression(0), session, i);
                yield inner != null ? inner : ResultShape.castType(c).typname();
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
}
