package org.pgstat4j.server.sql;

import java.lang.reflect.Method;
import java.util.ArrayList;
import org.h2.command.Parser;
import org.h2.command.Prepared;
import org.h2.engine.SessionLocal;
import org.h2.expression.BinaryOperation;
import org.h2.expression.Expression;
import org.h2.expression.function.CastSpecification;
import org.h2.expression.function.MathFunction;
import org.h2.expression.function.RegexpFunction;
import org.h2.message.DbException;
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * Refuses, before anything runs, the constructs over constants that the engine would fold
 * into a value PostgreSQL computes otherwise — where {@link NumericGuard}, which reads the
 * prepared (folded) tree, can no longer see them. It reads the statement as the engine
 * parsed it, before any expression is optimized, and knows only the types written in it
 * (literals and casts):
 * <ul>
 * <li>a division of numeric constants ({@code 5 / 2.0}): PostgreSQL chooses the quotient's
 *     scale from the values;</li>
 * <li>arithmetic of constants with a {@code float8} operand, which PostgreSQL computes in
 *     {@code float8}: out of its range it fails as in PostgreSQL ({@code 22003}), and with a
 *     {@code numeric} operand (an exact decimal in the engine) it is refused;</li>
 * <li>{@code round(x)} of a {@code float8} constant: PostgreSQL rounds halves to even;</li>
 * <li>a cast of a boolean to a character type: the engine spells {@code TRUE}, PostgreSQL
 *     {@code true};</li>
 * <li>{@code extract()} of a constant: the engine's value has another scale;</li>
 * <li>{@code date - date}, {@code timestamptz AT TIME ZONE} and {@code %} of non-integers
 *     (see {@link NumericGuard});</li>
 * <li>the engine's regular-expression functions, constants or not: Java patterns, whose
 *     matching the engine would run (unbounded, uncancellable) even while it folds
 *     constants.</li>
 * </ul>
 *
 * <p>Read-only: the parsed statement is inspected and dropped, never prepared or executed.
 */
final class ConstantGuard {
    private static final Method PARSE = parseMethod();

    private ConstantGuard() {
    }

    private static Method parseMethod() {
        try {
            Method m = Parser.class.getDeclaredMethod("parse", String.class, ArrayList.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this engine version parses statements otherwise", e);
        }
    }

    /**
     * Throws {@code 0A000} (or PostgreSQL's error) if the statement, as {@link #parse parsed},
     * folds a construct PostgreSQL answers otherwise; null (no statement) passes.
     */
    static void check(Prepared raw) throws PgError {
        QueryTree.walk(raw, ConstantGuard::expression);
        TextFormGuard.check(raw);
    }

    /**
     * {@code sql} as the engine parsed it, before any expression is optimized (only the types
     * written in it are known); null if it does not parse — the engine's own prepare then
     * reports what is wrong with the statement.
     */
    static Prepared parse(SessionLocal session, String sql) {
        try {
            return (Prepared) PARSE.invoke(new Parser(session), sql, null);
        } catch (ReflectiveOperationException | DbException e) {
            return null;
        }
    }

    private static void expression(Expression e, Expression parent, int index, QueryTree tree) throws PgError {
        if (e instanceof RegexpFunction f) {
            throw regexpFunction(f.getName().toLowerCase(java.util.Locale.ROOT));
        }
        if (Extract.field(e) != null && e.getSubexpressionCount() > 0
                && isLiteral(e.getSubexpression(e.getSubexpressionCount() - 1))) {
            // the engine folds it into a value of its own scale: 1767225600, not 1767225600.000000
            throw refuse("extract() of constants", "Extract from a column or from now().");
        }
        if (e instanceof MathFunction m && NumericGuard.isFractionalMod(m, ConstantGuard::typeOf)) {
            throw NumericGuard.fractionalMod();
        }
        if (e instanceof BinaryOperation b && (isFloat(typeOf(b.getSubexpression(0)))
                || isFloat(typeOf(b.getSubexpression(1))))) {
            floatArithmetic(b);
        }
        switch (e) {
            case BinaryOperation b when b.getOperationType() == BinaryOperation.OpType.DIVIDE
                    && isDecimal(typeOf(b.getSubexpression(0)), typeOf(b.getSubexpression(1)))
                    && !isZero(b.getSubexpression(1)) ->
                    throw refuse("division of numeric constants (PostgreSQL chooses the quotient's scale from the values)",
                            "Divide as float8, or round a quotient of columns.");
            case MathFunction m when m.getSubexpressionCount() == 1 && m.toString().regionMatches(true, 0, "ROUND(", 0, 6)
                    && isFloat(typeOf(m.getSubexpression(0))) ->
                    throw refuse("round() of float8 (PostgreSQL rounds halves to even)",
                            "Cast the argument to numeric(p,s) first.");
            case BinaryOperation b when NumericGuard.isDateDifference(b.getOperationType(),
                    typeOf(b.getSubexpression(0)), typeOf(b.getSubexpression(1))) -> throw NumericGuard.dateDifference();
            case org.h2.expression.TimeZoneOperation t when typeOf(t.getSubexpression(0)) != null
                    && typeOf(t.getSubexpression(0)).getValueType() == Value.TIMESTAMP_TZ -> throw NumericGuard.atTimeZone();
            case CastSpecification c when isCharacter(c.getType()) && typeOf(c.getSubexpression(0)) != null
                    && typeOf(c.getSubexpression(0)).getValueType() == Value.BOOLEAN ->
                    throw NumericGuard.booleanToText();
            default -> { }
        }
    }

    /**
     * Arithmetic of constants with a {@code float8} operand, which PostgreSQL computes in
     * {@code float8}: a result out of its range fails as in PostgreSQL ({@code 22003}); a
     * {@code numeric} operand, which the engine would make the result an exact decimal, is
     * refused.
     */
    private static void floatArithmetic(BinaryOperation b) throws PgError {
        Expression left = b.getSubexpression(0);
        Expression right = b.getSubexpression(1);
        Double l = doubleConstant(left);
        Double r = doubleConstant(right);
        if (l != null && r != null && Double.isFinite(l) && Double.isFinite(r)) {
            double v = switch (b.getOperationType()) {
                case PLUS -> l + r;
                case MINUS -> l - r;
                case MULTIPLY -> l * r;
                case DIVIDE -> r == 0 ? Double.NaN : l / r;
                default -> Double.NaN;
            };
            if (Double.isInfinite(v)) {
                throw PgError.error(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
            }
            boolean product = b.getOperationType() == BinaryOperation.OpType.MULTIPLY
                    || b.getOperationType() == BinaryOperation.OpType.DIVIDE;
            if (product && v == 0 && l != 0 && r != 0) {
                throw PgError.error(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
            }
        }
        if (isDecimal(typeOf(left)) || isDecimal(typeOf(right))) {
            throw NumericGuard.floatWithNumeric();
        }
    }

    private static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    /** The value of a number literal, or of a {@code float8} cast of one, as a double; null for anything else. */
    private static Double doubleConstant(Expression e) {
        Expression inner = e;
        if (e instanceof CastSpecification c) {
            if (c.getType().getValueType() != Value.DOUBLE) {
                return null;
            }
            inner = c.getSubexpression(0);
        }
        if (!(inner instanceof org.h2.expression.ValueExpression v)) {
            return null;
        }
        Value value = v.getValue(null);
        return switch (value.getValueType()) {
            case Value.INTEGER, Value.BIGINT, Value.SMALLINT, Value.TINYINT, Value.NUMERIC, Value.DECFLOAT,
                 Value.DOUBLE -> value.getDouble();
            default -> null;
        };
    }

    /** The type written in the statement for {@code e} (a literal or a cast), or null when not yet known. */
    static TypeInfo typeOf(Expression e) {
        if (e instanceof org.h2.expression.ValueExpression || e instanceof CastSpecification) {
            return e.getType();
        }
        return null;
    }

    /** A literal, or a cast of one: what the engine folds. */
    private static boolean isLiteral(Expression e) {
        return e instanceof org.h2.expression.ValueExpression
                || e instanceof CastSpecification c && isLiteral(c.getSubexpression(0));
    }

    /** A literal zero divisor: the engine fails with PostgreSQL's division by zero. */
    private static boolean isZero(Expression e) {
        return e instanceof org.h2.expression.ValueExpression v && v.getType().getValueType() != Value.NULL
                && v.getValue(null).getSignum() == 0;
    }

    private static boolean isDecimal(TypeInfo a, TypeInfo b) {
        if (a == null || b == null || isFloat(a) || isFloat(b)) {
            return false;
        }
        return isDecimal(a) || isDecimal(b);
    }

    private static boolean isDecimal(TypeInfo t) {
        return t.getValueType() == Value.NUMERIC || t.getValueType() == Value.DECFLOAT;
    }

    private static boolean isFloat(TypeInfo t) {
        return t != null && (t.getValueType() == Value.DOUBLE || t.getValueType() == Value.REAL);
    }

    static boolean isCharacter(TypeInfo t) {
        return t != null && (t.getValueType() == Value.VARCHAR || t.getValueType() == Value.CHAR
                || t.getValueType() == Value.VARCHAR_IGNORECASE || t.getValueType() == Value.CLOB);
    }

    private static PgError refuse(String construct, String hint) {
        return PgError.error(PgError.FEATURE_NOT_SUPPORTED, construct + " is not supported", hint);
    }

    /**
     * The engine's regular-expression functions take Java patterns and, for
     * {@code regexp_replace}, replace every match where PostgreSQL replaces the first: never
     * answered. PostgreSQL 14 has no {@code regexp_like} or {@code regexp_substr} at all.
     */
    private static PgError regexpFunction(String name) {
        if (name.equals("regexp_replace")) {
            return PgError.error(PgError.FEATURE_NOT_SUPPORTED, "regexp_replace() is not supported by pgstat4j",
                    "The engine's regexp_replace follows Java's rules, not PostgreSQL's.");
        }
        return PgError.error(PgError.UNDEFINED_FUNCTION, "function " + name + " does not exist",
                "No function matches the given name and argument types. You might need to add explicit type casts.");
    }
}
