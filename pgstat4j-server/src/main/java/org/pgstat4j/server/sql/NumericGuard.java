package org.pgstat4j.server.sql;

import org.h2.command.Prepared;
import org.h2.expression.BinaryOperation;
import org.h2.expression.Expression;
import org.h2.expression.ValueExpression;
import org.h2.expression.aggregate.Aggregate;
import org.h2.expression.aggregate.AggregateType;
import org.h2.expression.function.CastSpecification;
import org.h2.expression.function.MathFunction;
import org.h2.value.TypeInfo;
import org.h2.value.Value;

/**
 * Refuses, before anything runs, the numeric constructs whose value the engine computes
 * differently from PostgreSQL, so that a client gets {@code 0A000} naming the construct
 * instead of a plausible other number. PostgreSQL's {@code numeric} keeps every digit a
 * value has and chooses the scale of a quotient or average from the operands' values; the
 * engine's {@code NUMERIC} takes a scale from the types alone, so:
 * <ul>
 * <li>a cast to {@code numeric} without a scale of a value that may have a fractional part
 *     would be rounded to an integer — refused (a cast of an integer, a cast to
 *     {@code numeric(p,s)}, and a literal such as {@code 1.5::numeric}, which {@link SqlText}
 *     turns into a call keeping its digits, are exact and allowed);</li>
 * <li>a division or {@code avg} giving {@code numeric} has another scale than PostgreSQL's —
 *     refused, except as the first argument of {@code round(x, n)} (or of a cast to
 *     {@code numeric(p, n)}) when the engine keeps more than {@code n} digits of the quotient
 *     (then both round the same quotient to {@code n} digits: {@code round(100 * blks_hit::numeric / total, 2)});</li>
 * <li>(not numeric, but held the same way) {@code 'name'::regclass::text}: the engine holds the
 *     OID, PostgreSQL shows the name — refused;</li>
 * <li>{@code avg} and {@code sum} of floating-point values, and arithmetic of a floating-point
 *     value with a decimal, give an exact decimal where PostgreSQL computes (and rounds each
 *     step) in {@code float8} — refused.</li>
 * </ul>
 *
 * <p>Reads the prepared query tree ({@link QueryTree}); it never executes or changes anything.
 */
final class NumericGuard {
    private NumericGuard() {
    }

    /** Throws {@code 0A000} if {@code p} holds a numeric construct the engine would answer differently. */
    static void check(Prepared p) throws PgError {
        QueryTree.walk(p, NumericGuard::expression);
    }

    private static void expression(Expression e, Expression parent, int index, QueryTree tree) throws PgError {
        String field = Extract.field(e);
        if (field != null && Extract.scale(e) == null) {
            throw refuse("extract(" + field.toLowerCase(java.util.Locale.ROOT) + " from ...)",
                    "The engine computes this field differently; extract(epoch from ...) is supported.");
        }
        if (Extract.isFoldedConstant(e)) {
            throw refuse("extract() of constants", "Extract from a column or from now().");
        }
        if (field != null && !Extract.isAnsweredExactly(e, tree)) {
            throw refuse("extract() inside an expression (PostgreSQL 14 computes it as numeric of its own scale)",
                    "Select extract() as a column, compare it, or cast it to float8.");
        }
        if (e instanceof MathFunction m && isRoundWithDigits(m) && isFloatValued(m.getSubexpression(0))) {
            throw PgError.error(PgError.UNDEFINED_FUNCTION, "function round(double precision, integer) does not exist",
                    "No function matches the given name and argument types. You might need to add explicit type casts.");
        }
        if (e instanceof MathFunction m && m.getSubexpressionCount() == 1 && isRound(m)
                && isFloatValued(m.getSubexpression(0))) {
            throw refuse("round() of float8 (PostgreSQL rounds halves to even)",
                    "Cast the argument to numeric(p,s) first.");
        }
        if (e instanceof MathFunction m && isFractionalMod(m, Expression::getType)) {
            throw fractionalMod();
        }
        boolean rounded = index == 0 && (parent instanceof MathFunction m && isRoundWithDigitsToSpare(m)
                || parent instanceof CastSpecification c && isScaledCastWithDigitsToSpare(c));
        switch (e) {
            case org.h2.expression.TimeZoneOperation t
                    when t.getSubexpression(0).getType().getValueType() == Value.TIMESTAMP_TZ -> throw atTimeZone();
            case org.h2.expression.IntervalOperation io when isDateDifference(BinaryOperation.OpType.MINUS,
                    io.getSubexpression(0).getType(), io.getSubexpression(1).getType()) -> throw dateDifference();
            case BinaryOperation b when isDateDifference(b.getOperationType(), b.getSubexpression(0).getType(),
                    b.getSubexpression(1).getType()) -> throw dateDifference();
            case CastSpecification c when ConstantGuard.isCharacter(c.getType())
                    && c.getSubexpression(0).getType().getValueType() == Value.BOOLEAN -> throw booleanToText();
            case CastSpecification c when ConstantGuard.isCharacter(c.getType())
                    && c.getSubexpression(0) instanceof org.h2.expression.function.JavaFunction f
                    && SqlText.REGCLASS_FUNCTION.equals(f.getName()) ->
                    throw refuse("cast of 'name'::regclass to text (the engine holds the OID)",
                            "Write the relation's name as text, or cast an OID column: relid::regclass::text.");
            case CastSpecification c -> {
                TypeInfo target = c.getType();
                boolean unscaled = target.getDeclaredScale() < 0 || (target.getDeclaredScale() == 0
                        && target.getDeclaredPrecision() == SqlText.UNSCALED_PRECISION);
                if (target.getValueType() == Value.NUMERIC && unscaled
                        && mayHaveFraction(c.getSubexpression(0).getType())) {
                    throw refuse("cast to numeric without a scale of a value that may have a fractional part",
                            "Cast to numeric(precision, scale) instead, e.g. numeric(20,6).");
                }
            }
            case BinaryOperation b when isDecimal(b.getType()) && (isFloat(b.getSubexpression(0).getType())
                    || isFloat(b.getSubexpression(1).getType())) ->
                    throw floatWithNumeric();
            case BinaryOperation b when b.getOperationType() == BinaryOperation.OpType.DIVIDE
                    && isDecimal(b.getType()) && !rounded ->
                    throw refuse("division of numeric values (PostgreSQL chooses the quotient's scale from the values)",
                            "Round the quotient of a numeric with a precision, e.g. round(a::numeric(30) / b, 2), or divide as float8.");
            case Aggregate a when a.getAggregateType() == AggregateType.SUM && isDecimal(a.getType())
                    && a.getSubexpressionCount() > 0 && isFloat(a.getSubexpression(0).getType()) ->
                    throw refuse("sum() of floating-point values (PostgreSQL adds them as float8)",
                            "Cast the argument to numeric(p,s).");
            case Aggregate a when a.getAggregateType() == AggregateType.AVG -> {
                if (a.getType().getValueType() == Value.DECFLOAT || a.getType().getValueType() == Value.DOUBLE) {
                    throw refuse("avg() of floating-point values", "Cast the argument to numeric(p,s) or the result to float8.");
                }
                if (isDecimal(a.getType()) && !rounded) {
                    throw refuse("avg() giving numeric (PostgreSQL chooses its scale from the values)",
                            "Round the average, e.g. round(avg(x), 2).");
                }
            }
            default -> { }
        }
    }

    /**
     * Throws {@code 0A000} if a parameter the client declared {@code numeric} is an operand of
     * anything but a cast: the engine leaves its type open and gives it the other operand's
     * ({@code $1 * 2} would compute in {@code integer}, {@code int8_col > $1} compare with the
     * parameter rounded), where PostgreSQL computes in {@code numeric}. Selected as it is, or
     * cast ({@code $1::numeric(10,2)}, {@code $1::float8}), it is exact.
     */
    static void checkParameters(Prepared p, WireType[] declared) throws PgError {
        QueryTree.walk(p, (e, parent, index, tree) -> {
            if (e instanceof org.h2.expression.Parameter prm && prm.getIndex() < declared.length
                    && declared[prm.getIndex()] == WireType.NUMERIC && parent != null
                    && !(parent instanceof org.h2.expression.Alias) && !(parent instanceof CastSpecification)) {
                throw refuse("numeric parameters in expressions (the engine gives them the other operand's type)",
                        "Cast the parameter, e.g. $1::numeric(20,6) or $1::float8.");
            }
        });
    }

    /** {@code round(x, n)} with a constant {@code n} below the scale the engine computes {@code x} with. */
    private static boolean isRoundWithDigitsToSpare(MathFunction m) {
        if (m.getSubexpressionCount() != 2 || !m.toString().regionMatches(true, 0, "ROUND(", 0, 6)) {
            return false;
        }
        Expression digits = m.getSubexpression(1);
        Expression x = m.getSubexpression(0);
        if (!(digits instanceof ValueExpression v) || v.getType().getValueType() == Value.NULL) {
            return false;
        }
        int n = v.getValue(null).getInt();
        return isDecimal(x.getType()) && x.getType().getScale() > n;
    }

    /**
     * A cast to {@code numeric(p, s)} of a decimal the engine computes with more than {@code s}
     * digits: it rounds as {@code round(x, s)} does.
     */
    private static boolean isScaledCastWithDigitsToSpare(CastSpecification c) {
        TypeInfo target = c.getType();
        Expression x = c.getSubexpression(0);
        return target.getValueType() == Value.NUMERIC && target.getDeclaredScale() >= 0
                && target.getDeclaredPrecision() != SqlText.UNSCALED_PRECISION
                && isDecimal(x.getType()) && x.getType().getScale() > target.getDeclaredScale();
    }

    private static boolean isRound(MathFunction m) {
        return m.toString().regionMatches(true, 0, "ROUND(", 0, 6);
    }

    private static boolean isRoundWithDigits(MathFunction m) {
        return m.getSubexpressionCount() == 2 && m.toString().regionMatches(true, 0, "ROUND(", 0, 6);
    }

    /** Whether PostgreSQL types {@code e} {@code float8}: a float, or arithmetic with a float operand. */
    private static boolean isFloatValued(Expression e) {
        if (isFloat(e.getType())) {
            return true;
        }
        return e instanceof BinaryOperation b
                && (isFloatValued(b.getSubexpression(0)) || isFloatValued(b.getSubexpression(1)));
    }

    private static boolean isFloat(TypeInfo t) {
        return t.getValueType() == Value.DOUBLE || t.getValueType() == Value.REAL;
    }

    private static boolean isDecimal(TypeInfo t) {
        return t.getValueType() == Value.NUMERIC || t.getValueType() == Value.DECFLOAT;
    }

    private static boolean mayHaveFraction(TypeInfo t) {
        return switch (t.getValueType()) {
            case Value.TINYINT, Value.SMALLINT, Value.INTEGER, Value.BIGINT, Value.BOOLEAN, Value.NULL -> false;
            case Value.NUMERIC -> t.getScale() != 0;
            default -> true;
        };
    }

    /** {@code timestamptz AT TIME ZONE zone}: PostgreSQL gives a {@code timestamp} of the local time there. */
    static PgError atTimeZone() {
        return refuse("timestamptz AT TIME ZONE (PostgreSQL gives a timestamp without time zone)",
                "Set the session's TimeZone instead.");
    }

    /** {@code date - date}: PostgreSQL gives the number of days, the engine an interval. */
    static boolean isDateDifference(BinaryOperation.OpType op, TypeInfo a, TypeInfo b) {
        return op == BinaryOperation.OpType.MINUS && a != null && b != null && a.getValueType() == Value.DATE
                && b.getValueType() == Value.DATE;
    }

    static PgError dateDifference() {
        return refuse("date - date (PostgreSQL gives an integer number of days)",
                "Subtract as timestamps and extract the epoch, or compare the dates.");
    }

    /** {@code x % y} or {@code mod(x, y)} of a value that may have a fraction: the engine gives the divisor's type. */
    static boolean isFractionalMod(MathFunction m, java.util.function.Function<Expression, TypeInfo> typeOf) {
        if (m.getSubexpressionCount() != 2 || !m.toString().regionMatches(true, 0, "MOD(", 0, 4)) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            TypeInfo t = typeOf.apply(m.getSubexpression(i));
            if (t != null && t.getValueType() != Value.NULL && mayHaveFraction(t)) {
                return true;
            }
        }
        return false;
    }

    static PgError fractionalMod() {
        return refuse("% and mod() of numeric or float values (the engine gives the divisor's type)",
                "Use integers, or compute x - trunc(x / y) * y.");
    }

    /** Arithmetic of a {@code float8} with a {@code numeric}: the engine computes an exact decimal. */
    static PgError floatWithNumeric() {
        return refuse("arithmetic of float8 with numeric (PostgreSQL computes it as float8)",
                "Cast the numeric operand to float8.");
    }

    /** A cast of a boolean to text: the engine spells {@code TRUE}, PostgreSQL {@code true}. */
    static PgError booleanToText() {
        return refuse("cast of boolean to text (the engine spells it TRUE)", "Select the boolean itself.");
    }

    private static PgError refuse(String construct, String hint) {
        return PgError.error(PgError.FEATURE_NOT_SUPPORTED, construct + " is not supported", hint);
    }
}
