package org.pgstat4j.server.sql;

import org.h2.command.Prepared;
import org.h2.expression.Alias;
import org.h2.expression.Expression;
import org.h2.expression.ExpressionList;
import org.h2.expression.condition.Comparison;
import org.h2.expression.function.CastSpecification;
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * Refuses, before anything runs, the text forms of values the engine spells otherwise than
 * PostgreSQL, so that a client gets {@code 0A000} naming the construct instead of other text:
 * <ul>
 * <li>an array cast to a character type: the engine writes {@code [1, 2]}, PostgreSQL
 *     {@code {1,2}};</li>
 * <li>a {@code char(n)} value used in an expression other than a comparison or
 *     {@code array_agg} — concatenated,
 *     measured, aggregated: PostgreSQL drops the padding when it reads a {@code char(n)} as
 *     text ({@code 'x'::char(3) || 'y'} is {@code xy}, {@code length('x'::char(3))} 1), the
 *     engine keeps it or drops it otherwise. Selected as it is, or compared, it is exact.</li>
 * </ul>
 * Both are checked on the statement as parsed (the engine folds constants before the
 * prepared tree shows them) and on the prepared tree (column values).
 *
 * <p>Read-only: inspects trees, never executes or changes anything.
 */
final class TextFormGuard {
    private TextFormGuard() {
    }

    /** Throws {@code 0A000} if the parsed or prepared statement {@code p} holds such a construct. */
    static void check(Prepared p) throws PgError {
        QueryTree.walk(p, TextFormGuard::expression);
    }

    private static void expression(Expression e, Expression parent, int index, QueryTree tree) throws PgError {
        if (e instanceof CastSpecification c && ConstantGuard.isCharacter(c.getType())
                && isArray(c.getSubexpression(0))) {
            throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                    "cast of an array to text is not supported (the engine writes it [1, 2])",
                    "Select the array itself, or use array_to_string(a, ',').");
        }
        if (isChar(e) && parent != null && !(parent instanceof Alias) && !(parent instanceof Comparison)
                && !isArrayAgg(parent)) {
            throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                    "char(n) values in expressions are not supported (PostgreSQL drops their padding as text)",
                    "Cast to varchar or text instead of char(n).");
        }
    }

    /** {@code array_agg(x)}: it keeps each {@code char(n)} value as it is, as PostgreSQL's does. */
    private static boolean isArrayAgg(Expression e) {
        return e instanceof org.h2.expression.aggregate.Aggregate a
                && a.getAggregateType() == org.h2.expression.aggregate.AggregateType.ARRAY_AGG;
    }

    /** An array, as parsed ({@code ARRAY[...]}, a cast to an array type) or as prepared (its type). */
    private static boolean isArray(Expression e) {
        if (e instanceof ExpressionList) {
            return true; // ARRAY[...] (or a row, which the engine also writes otherwise)
        }
        TypeInfo t = typeOrNull(e);
        return t != null && t.getValueType() == Value.ARRAY;
    }

    private static boolean isChar(Expression e) {
        TypeInfo t = typeOrNull(e);
        return t != null && t.getValueType() == Value.CHAR;
    }

    /** The expression's type; null where the parsed statement does not know it yet. */
    private static TypeInfo typeOrNull(Expression e) {
        try {
            return e.getType();
        } catch (RuntimeException notYetTyped) {
            return null;
        }
    }
}
