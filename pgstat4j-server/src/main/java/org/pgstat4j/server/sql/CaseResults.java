package org.pgstat4j.server.sql;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.h2.expression.Expression;
import org.h2.expression.SearchedCase;
import org.h2.expression.SimpleCase;
import org.h2.expression.ValueExpression;
import org.h2.value.Value;

/**
 * The result branches of the engine's {@code CASE} nodes, for PostgreSQL's typing of a
 * {@code CASE}: when every branch that is not a bare {@code NULL} has the same PostgreSQL type,
 * the {@code CASE} has that type (the engine may have widened it to its own, e.g. text).
 *
 * <p>Reads the prepared tree only (the simple form's branches from its fields).
 */
final class CaseResults {
    private static final Field WHEN = QueryTree.field(SimpleCase.class, "when");
    private static final Field ELSE = QueryTree.field(SimpleCase.class, "elseResult");
    private static final Class<?> SIMPLE_WHEN = SimpleCase.class.getDeclaredClasses()[0];
    private static final Field RESULT = QueryTree.field(SIMPLE_WHEN, "result");
    private static final Field NEXT = QueryTree.field(SIMPLE_WHEN, "next");

    private CaseResults() {
    }

    /** The PostgreSQL type all non-NULL branches of {@code c} share, or null. */
    static <T> T commonType(Expression c, Function<Expression, T> typeOf) {
        T common = null;
        for (Expression r : results(c)) {
            if (r == null || r instanceof ValueExpression v && v.getType().getValueType() == Value.NULL) {
                continue;
            }
            T t = typeOf.apply(r);
            if (common != null && !common.equals(t)) {
                return null;
            }
            common = t;
        }
        return common;
    }

    /** The {@code ELSE} result of a {@code CASE} node, or null when it has none. */
    static Expression elseResult(Expression c) {
        if (c instanceof SearchedCase s) {
            int n = s.getSubexpressionCount();
            return n % 2 == 1 ? s.getSubexpression(n - 1) : null;
        }
        try {
            return (Expression) ELSE.get(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result expressions of a {@code CASE} node: each {@code THEN}, then the {@code ELSE} (null when absent). */
    static List<Expression> results(Expression c) {
        List<Expression> out = new ArrayList<>();
        if (c instanceof SearchedCase s) {
            int n = s.getSubexpressionCount(); // WHEN, THEN pairs, then ELSE if present
            for (int i = 1; i < n; i += 2) {
                out.add(s.getSubexpression(i));
            }
            if (n % 2 == 1) {
                out.add(s.getSubexpression(n - 1));
            }
            return out;
        }
        try {
            for (Object w = WHEN.get(c); w != null; w = NEXT.get(w)) {
                out.add((Expression) RESULT.get(w));
            }
            out.add((Expression) ELSE.get(c));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
