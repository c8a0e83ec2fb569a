package org.pgstat4j.server.sql;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.h2.command.Prepared;
import org.h2.command.query.Query;
import org.h2.command.query.Select;
import org.h2.command.query.SelectUnion;
import org.h2.engine.SessionLocal;
import org.h2.expression.Alias;
import org.h2.expression.Expression;
import org.h2.expression.ExpressionList;
import org.h2.expression.SearchedCase;
import org.h2.expression.SimpleCase;
import org.h2.expression.ValueExpression;
import org.h2.expression.Wildcard;
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * The result columns the engine folded into a constant, seen as the statement wrote them.
 * The engine replaces a constant expression by its value before the query runs, and the
 * value alone has lost what PostgreSQL names and types the column after: {@code 1 + NULL}
 * becomes a bare NULL (PostgreSQL: {@code integer}), {@code CASE WHEN true THEN 1 END} an
 * unnamed 1 (PostgreSQL names it {@code case}), {@code 65::oid} a {@code bigint},
 * {@code length('abc')} the engine's {@code bigint}. Here each such column is read again from
 * the statement as parsed, before folding: the written expression gives the name, and the type
 * the engine gives the expression itself (which it computes before it folds), or, for a
 * {@code CASE} whose condition is constant, the type its results share.
 *
 * <p>Invariant: a column is described from the written expression only when the prepared
 * column is a folded constant and the written select list lines up with the prepared one
 * (no {@code *}; each query of a {@code UNION} on its own); otherwise, or when the written expression cannot be typed, the caller keeps
 * the prepared column's description. Parses again but never prepares or runs the statement;
 * only the parsed copy's constant parts are optimized.
 */
final class FoldedColumns {
    /** The written form of one folded column: its expression (unaliased) and whether the statement aliased it. */
    record Written(Expression expression, boolean aliased) { }

    /** The written form of column {@code i} of {@code q} if the engine folded it, else null. */
    static Written column(Map<Query, Written[]> folded, Query q, int i) {
        Written[] columns = folded.get(q);
        return columns == null || i >= columns.length ? null : columns[i];
    }

    private FoldedColumns() {
    }

    /**
     * The written form of each result column of {@code prepared} (and of each query of a set
     * operation) that the engine folded to a constant: by query (identity), an entry per
     * column, null for the columns not folded; empty when none was folded or the written
     * statement does not line up. (Keyed by query and position: folded values may be shared
     * constants such as {@code TRUE}.)
     */
    static Map<Query, Written[]> of(Prepared prepared, SessionLocal session, String sql) {
        if (!(prepared instanceof Query q) || !anyFolded(q, 0)) {
            return Map.of();
        }
        if (!(ConstantGuard.parse(session, sql) instanceof Query raw)) {
            return Map.of();
        }
        Map<Query, Written[]> out = new IdentityHashMap<>();
        pair(q, raw, out, 0);
        return out;
    }

    /** Pairs the prepared query's folded columns with the written ones, through set operations. */
    private static void pair(Query done, Query raw, Map<Query, Written[]> out, int depth) {
        if (done instanceof SelectUnion du && raw instanceof SelectUnion ru && depth < 16) {
            pair(du.getLeft(), ru.getLeft(), out, depth + 1);
            pair(du.getRight(), ru.getRight(), out, depth + 1);
            return;
        }
        if (!(done instanceof Select s) || !(raw instanceof Select r)) {
            return;
        }
        List<Expression> written = r.getExpressions();
        int visible = s.getColumnCount();
        if (written == null || written.size() < visible) {
            return;
        }
        for (int i = 0; i < visible; i++) {
            if (written.get(i) instanceof Wildcard) {
                return;
            }
        }
        Written[] columns = new Written[visible];
        for (int i = 0; i < visible; i++) {
            Expression w = written.get(i);
            Expression inner = w instanceof Alias a ? a.getNonAliasExpression() : w;
            if (isFolded(s.getExpressions().get(i)) && !(inner instanceof ValueExpression)) {
                columns[i] = new Written(inner, w instanceof Alias);
            }
        }
        out.put(s, columns);
    }

    private static boolean anyFolded(Query q, int depth) {
        if (q instanceof SelectUnion u) {
            return depth < 16 && (anyFolded(u.getLeft(), depth + 1) || anyFolded(u.getRight(), depth + 1));
        }
        for (int i = 0; i < q.getColumnCount(); i++) {
            if (isFolded(q.getExpressions().get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFolded(Expression e) {
        return (e instanceof Alias a ? a.getNonAliasExpression() : e) instanceof ValueExpression;
    }

    /**
     * The PostgreSQL type of a written constant expression, by {@code typeOf} (the type of an
     * optimized expression) over the expression as the engine types it before folding; null
     * when it cannot be told. Optimizes the parsed copy.
     */
    static WireType type(Expression written, SessionLocal session, Function<Expression, WireType> typeOf) {
        try {
            if (written instanceof SearchedCase || written instanceof SimpleCase) {
                return caseType(written, session, typeOf);
            }
            if (written instanceof ExpressionList l && l.getSubexpressionCount() > 0) {
                WireType array = arrayType(l, session, typeOf);
                if (array != null) {
                    return array;
                }
            }
            written.optimize(session);
            // the engine sets a node's type before it replaces the node by its value
            return written.getType() == null ? null : typeOf.apply(written);
        } catch (RuntimeException e) { // the engine's DbException among them
            return null; // e.g. a column in a branch the engine dropped: the prepared column's type stands
        }
    }

    /**
     * {@code ARRAY[...]} of constants: the array of the type its elements share as written
     * ({@code ARRAY[65::oid]} is {@code oid[]}, although the engine folds the cast to its
     * {@code bigint}); null when they differ or have no array type here.
     */
    private static WireType arrayType(ExpressionList l, SessionLocal session, Function<Expression, WireType> typeOf) {
        WireType element = null;
        for (int k = 0; k < l.getSubexpressionCount(); k++) {
            Expression e = l.getSubexpression(k);
            WireType t = type(e, session, typeOf);
            if (t == null || element != null && element != t) {
                return null;
            }
            element = t;
        }
        l.optimize(session); // now the engine tells an array from a row constructor
        return l.getType() != null && l.getType().getValueType() == Value.ARRAY ? WireType.arrayOf(element) : null;
    }

    /**
     * A {@code CASE} with constant conditions: the type its non-NULL results share, or the
     * engine's common type of them (as for a {@code CASE} it does not fold); all results NULL
     * is {@code text}, as in PostgreSQL.
     */
    private static WireType caseType(Expression c, SessionLocal session, Function<Expression, WireType> typeOf) {
        TypeInfo engine = null;
        WireType common = null;
        boolean agree = true;
        for (Expression r : CaseResults.results(c)) {
            if (r == null || r instanceof ValueExpression v && v.getType().getValueType() == Value.NULL) {
                continue;
            }
            WireType t = type(r, session, typeOf);
            TypeInfo own = r.getType(); // set by type(): the result's engine type before folding
            if (t == null || own == null) {
                return null;
            }
            agree &= common == null || common == t;
            common = t;
            engine = engine == null ? own : TypeInfo.getHigherType(engine, own);
        }
        if (common == null) {
            return WireType.TEXT;
        }
        return agree ? common : ResultShape.fromEngine(engine);
    }
}
