package org.pgstat4j.server.sql;

import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Map;
import org.h2.command.Prepared;
import org.h2.command.query.Query;
import org.h2.command.query.Select;
import org.h2.command.query.SelectUnion;
import org.h2.expression.Alias;
import org.h2.expression.Expression;
import org.h2.expression.Subquery;
import org.h2.expression.condition.ConditionInArray;
import org.h2.table.QueryExpressionTable;
import org.h2.table.TableFilter;

/**
 * Visits every expression of an engine statement's prepared tree — select lists (through their
 * aliases), conditions,
 * joins, derived tables, subqueries, set operations, and the operands of {@code = ANY(...)}
 * (which the engine does not list as sub-expressions; they are read from its fields) — and,
 * if asked, every table filter with the query it belongs to.
 *
 * <p>Read-only: nothing is executed or changed. Each node is visited once.
 */
final class QueryTree {
    /** Called for each expression with its parent (null at the top) and its index there. */
    @FunctionalInterface
    interface Visitor {
        void visit(Expression e, Expression parent, int index, QueryTree tree) throws PgError;
    }

    /** Called for each table of a query's {@code FROM} (joins included) with the query it belongs to. */
    @FunctionalInterface
    interface FilterVisitor {
        void visit(Select select, TableFilter filter) throws PgError;
    }

    private static final Field[] IN_ARRAY_OPERANDS = inArrayOperands();

    private final Visitor visitor;
    private final FilterVisitor filterVisitor;
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();
    private final Map<Expression, Expression> parents = new IdentityHashMap<>();

    private QueryTree(Visitor visitor, FilterVisitor filterVisitor) {
        this.visitor = visitor;
        this.filterVisitor = filterVisitor;
    }

    static void walk(Prepared p, Visitor visitor) throws PgError {
        walk(p, visitor, (select, filter) -> { });
    }

    static void walk(Prepared p, Visitor visitor, FilterVisitor filterVisitor) throws PgError {
        if (p instanceof Query q) {
            new QueryTree(visitor, filterVisitor).query(q);
        }
    }

    private static Field[] inArrayOperands() {
        return new Field[] {field(ConditionInArray.class, "left"), field(ConditionInArray.class, "right")};
    }

    /**
     * The engine's private field {@code c.name}, made readable: for the parts of the tree the
     * engine does not hand out. Fails at class initialization if this engine version has none.
     */
    static Field field(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this engine version keeps " + c.getSimpleName() + "." + name
                    + " elsewhere", e);
        }
    }

    /** The left and right operands of {@code left = ANY(right)}. */
    static Expression[] operands(ConditionInArray c) {
        try {
            return new Expression[] {(Expression) IN_ARRAY_OPERANDS[0].get(c), (Expression) IN_ARRAY_OPERANDS[1].get(c)};
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parent of an expression already visited; null for a top-level one. */
    Expression parentOf(Expression e) {
        return parents.get(e);
    }

    private void query(Query q) throws PgError {
        if (q == null || seen.put(q, Boolean.TRUE) != null) {
            return;
        }
        if (q instanceof SelectUnion u) {
            query(u.getLeft());
            query(u.getRight());
            return;
        }
        for (Expression e : q.getExpressions()) {
            expression(e, null, 0);
        }
        if (q instanceof Select s) {
            expression(s.getCondition(), null, 0);
            expression(s.getHaving(), null, 0);
            filters(s, s.getTopTableFilter());
        }
    }

    private void filters(Select s, TableFilter f) throws PgError {
        for (; f != null; f = f.getJoin()) {
            if (seen.put(f, Boolean.TRUE) != null) {
                return;
            }
            filterVisitor.visit(s, f);
            expression(f.getJoinCondition(), null, 0);
            filters(s, f.getNestedJoin());
            if (f.getTable() instanceof QueryExpressionTable t) {
                query(t.getQuery());
            }
        }
    }

    private void expression(Expression e, Expression parent, int index) throws PgError {
        if (e == null || seen.put(e, Boolean.TRUE) != null) {
            return;
        }
        parents.put(e, parent);
        visitor.visit(e, parent, index, this);
        if (e instanceof Subquery s) {
            query(s.getQuery());
        }
        if (e instanceof ConditionInArray c) {
            Expression[] ops = operands(c);
            expression(ops[0], e, 0);
            expression(ops[1], e, 1);
            return;
        }
        if (e instanceof Alias a) {
            // the engine lists no sub-expression under an alias: the aliased expression is its only one
            expression(a.getNonAliasExpression(), e, 0);
            return;
        }
        for (int i = 0; i < e.getSubexpressionCount(); i++) {
            expression(e.getSubexpression(i), e, i);
        }
    }
}
