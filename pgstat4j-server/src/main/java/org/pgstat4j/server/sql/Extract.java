package org.pgstat4j.server.sql;

import java.util.Locale;
import org.h2.expression.Alias;
import org.h2.expression.Expression;
import org.h2.expression.aggregate.Aggregate;
import org.h2.expression.aggregate.AggregateType;
import org.h2.expression.condition.Comparison;
import org.h2.expression.function.CastSpecification;
import org.h2.expression.function.DateTimeFunction;
import org.h2.util.HasSQL;
import org.h2.value.Value;

/**
 * PostgreSQL 14's {@code extract(field from x)} gives {@code numeric}: six decimals for
 * {@code epoch} ({@code 7200.000000}), none for {@code year} ... {@code minute}. The engine's value is the same number with another scale (or an integer),
 * so an {@code extract} is answered only where the scale cannot change the result: as a
 * result column (alone or under {@code min}/{@code max}, then sent with PostgreSQL's scale),
 * in a comparison, or cast to a non-decimal type.
 */
final class Extract {
    private Extract() {
    }

    /** The field of an {@code extract} node ({@code EPOCH}, {@code YEAR}, ...); null if {@code e} is none. */
    static String field(Expression e) {
        if (!(e instanceof DateTimeFunction)) {
            return null;
        }
        String sql = e.getSQL(HasSQL.DEFAULT_SQL_FLAGS).toUpperCase(Locale.ROOT);
        if (!sql.startsWith("EXTRACT(")) {
            return null;
        }
        return sql.substring("EXTRACT(".length()).split("[ (]", 2)[0];
    }

    /**
     * PostgreSQL's scale for an {@code extract} node whose field the engine computes as
     * PostgreSQL does; null otherwise. ({@code second}, {@code milliseconds},
     * {@code microseconds} and the day-of-week fields have other meanings in the engine.)
     */
    static Integer scale(Expression e) {
        String field = field(e);
        if (field == null) {
            return null;
        }
        return switch (field) {
            case "EPOCH" -> 6;
            case "YEAR", "MONTH", "DAY", "HOUR", "MINUTE" -> 0;
            default -> null;
        };
    }

    /** Whether {@code e} is a top-level column the engine folded from {@code extract} of constants. */
    static boolean isFoldedConstant(Expression e) {
        return e instanceof Alias a && a.getNonAliasExpression() instanceof org.h2.expression.ValueExpression
                && "extract".equals(a.getAlias(null, 0));
    }

    /** The scale to send a result column with, when it is an {@code extract} (maybe under min/max); else null. */
    static Integer resultScale(Expression column) {
        Expression e = column instanceof Alias a ? a.getNonAliasExpression() : column;
        if (isMinMax(e)) {
            e = e.getSubexpression(0);
        }
        return scale(e);
    }

    /** Whether the engine's {@code extract} node {@code e} gives PostgreSQL's answer where it stands. */
    static boolean isAnsweredExactly(Expression e, QueryTree tree) {
        Expression parent = tree.parentOf(e);
        if (isMinMax(parent)) {
            parent = tree.parentOf(parent);
        }
        return parent == null || parent instanceof Alias || parent instanceof Comparison
                || (parent instanceof CastSpecification c && !isDecimal(c.getType().getValueType()));
    }

    private static boolean isMinMax(Expression e) {
        return e instanceof Aggregate a
                && (a.getAggregateType() == AggregateType.MIN || a.getAggregateType() == AggregateType.MAX);
    }

    private static boolean isDecimal(int valueType) {
        return valueType == Value.NUMERIC || valueType == Value.DECFLOAT;
    }
}
