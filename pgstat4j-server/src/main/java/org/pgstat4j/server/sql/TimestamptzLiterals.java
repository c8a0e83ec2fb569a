package org.pgstat4j.server.sql;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.h2.command.Prepared;
import org.h2.message.DbException;
import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.expression.Expression;
import org.h2.expression.SearchedCase;
import org.h2.expression.ValueExpression;
import org.h2.expression.condition.Comparison;
import org.h2.expression.function.CastSpecification;
import org.h2.expression.function.CoalesceFunction;
import org.h2.expression.function.JavaFunction;
import org.h2.expression.function.NullIfFunction;
import org.h2.value.TypeInfo;
import org.h2.value.Value;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * Untyped string literals that take the type {@code timestamptz} from where they are used —
 * {@code COALESCE(last_vacuum, '1970-01-01Z')}, {@code GREATEST}, {@code LEAST},
 * {@code NULLIF} and {@code CASE} results, and comparisons, beside a {@code timestamptz} —
 * which PostgreSQL reads with its timestamptz input ({@link TimestamptzInput}) and the engine
 * with its own, narrower one. Their type becomes known only in the engine's tree: where the
 * other operands are constants, in the statement as parsed (the engine would fold the literal
 * with its own input while preparing); otherwise in the prepared statement, whose columns have
 * types; and, for a literal the engine converts while preparing (a comparison,
 * {@code CAST('1970-01-01Z' AS timestamptz)}), when it rejects the text (its error names it).
 * The statement is then prepared again with those literals read by PostgreSQL's input
 * ({@link SqlText#forEngine(SqlText.Statement, WireType[], Set)}); a literal the engine's own
 * input reads in a comparison stays the engine's. The literals typed in the text
 * ({@code 'text'::timestamptz}, {@code timestamptz 'text'}) are recognised from their tokens
 * ({@link #isCast}, {@link #isTypedLiteral}).
 *
 * <p>Invariant: a statement runs with a literal read by PostgreSQL's input only when every
 * string literal of the statement with that text is one the engine reads as
 * {@code timestamptz} (checked again in the prepared statement, {@link #verify}); when the
 * same text is also used as another type the statement is refused ({@code 0A000}) rather than
 * answered with either reading.
 */
final class TimestamptzLiterals {
    /** The engine text of a statement and the engine's prepared statement of it. */
    record Engine(String sql, Prepared prepared) { }

    private TimestamptzLiterals() {
    }

    /**
     * Prepares {@code st} in the engine, after {@link ConstantGuard}'s check, with the literals
     * the engine reads as {@code timestamptz} read by PostgreSQL's input.
     */
    static Engine prepare(SessionLocal session, SqlText.Statement st, WireType[] types) throws PgError {
        String sql = SqlText.forEngine(st, types);
        Prepared raw = ConstantGuard.parse(session, sql);
        Set<String> found = find(raw, st.tokens(), ConstantGuard::typeOf);
        if (!found.isEmpty()) {
            sql = SqlText.forEngine(st, types, found);
            raw = ConstantGuard.parse(session, sql);
        }
        ConstantGuard.check(raw);
        Set<String> all = new HashSet<>(found);
        Prepared p = null;
        while (p == null) {
            try {
                p = session.prepare(sql);
            } catch (DbException e) {
                // the engine read a literal as timestamptz while preparing (x > '1970-01-01Z') and
                // rejected its text: read it with PostgreSQL's input instead (verified below)
                String text = rejectedText(e);
                if (text == null || all.contains(text) || untypedLiterals(st.tokens(), text) == 0) {
                    throw e;
                }
                all.add(text);
                sql = SqlText.forEngine(st, types, all);
            }
        }
        Set<String> more = find(p, st.tokens(), Expression::getType);
        if (!all.containsAll(more)) {
            all.addAll(more);
            sql = SqlText.forEngine(st, types, all);
            p = session.prepare(sql);
        }
        verify(p);
        return new Engine(sql, p);
    }

    /**
     * The texts of the untyped literals of {@code p} the engine reads as {@code timestamptz};
     * {@code typeOf} gives an expression's type, or null where it is not known yet. A literal
     * beside operands of unknown type may still turn out to be one (the prepared statement
     * tells); it does not count against the others of its text.
     */
    static Set<String> find(Prepared p, List<Token> tokens, Function<Expression, TypeInfo> typeOf) throws PgError {
        Map<String, Integer> asTimestamptz = new HashMap<>();
        Map<String, Integer> undecided = new HashMap<>();
        Map<String, Integer> all = new HashMap<>();
        QueryTree.walk(p, (e, parent, index, tree) -> {
            String text = characterLiteral(e);
            if (text == null) {
                return;
            }
            all.merge(text, 1, Integer::sum);
            if (readsOperandsAs(parent) && hasOperandOf(parent, typeOf, true)) {
                asTimestamptz.merge(text, 1, Integer::sum);
            } else if (readsOperandsAs(parent) && hasOperandOf(parent, typeOf, false)) {
                undecided.merge(text, 1, Integer::sum);
            }
        });
        for (Map.Entry<String, Integer> e : asTimestamptz.entrySet()) {
            int n = e.getValue() + undecided.getOrDefault(e.getKey(), 0);
            if (n != all.get(e.getKey()) || n != untypedLiterals(tokens, e.getKey())) {
                throw mixed(e.getKey());
            }
        }
        return asTimestamptz.keySet();
    }

    /**
     * Throws {@code 0A000} unless every literal read by PostgreSQL's timestamptz input in the
     * prepared {@code p} stands beside a {@code timestamptz} operand or is cast to
     * {@code timestamptz} (one read so while its neighbours' types were not yet known may have
     * turned out otherwise).
     */
    static void verify(Prepared p) throws PgError {
        QueryTree.walk(p, (e, parent, index, tree) -> {
            boolean castToTimestamptz = parent instanceof CastSpecification c
                    && c.getType().getValueType() == Value.TIMESTAMP_TZ;
            if (isUntypedInput(e) && !castToTimestamptz
                    && !(readsOperandsAs(parent) && hasOperandOf(parent, Expression::getType, true))) {
                throw mixed(((JavaFunction) e).getSubexpression(0).toString());
            }
        });
    }

    private static final String REJECTED = "Cannot parse \"TIMESTAMP WITH TIME ZONE\" constant \"";

    /** The text of the literal the engine failed to read as timestamptz, null for any other error. */
    private static String rejectedText(DbException e) {
        String m = EngineErrors.bareMessage(e.getMessage());
        if (e.getErrorCode() != ErrorCode.INVALID_DATETIME_CONSTANT_2 || !m.startsWith(REJECTED) || !m.endsWith("\"")
                || m.length() <= REJECTED.length()) {
            return null;
        }
        return m.substring(REJECTED.length(), m.length() - 1);
    }

    private static boolean isUntypedInput(Expression e) {
        return e instanceof JavaFunction f && f.getName().equals(SqlText.UNTYPED_TIMESTAMPTZ_FUNCTION);
    }

    private static PgError mixed(String text) {
        return PgError.error(PgError.FEATURE_NOT_SUPPORTED, "the literal " + text
                + " read as timestamptz and, elsewhere in the statement, as another type is not supported",
                "Write it as " + text + "::timestamptz where a timestamptz is meant.");
    }

    /** Whether tokens {@code i}, {@code i+1} are {@code :: timestamptz} (not an array type). */
    static boolean isCast(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).value().equals("::")
                && tokens.get(i + 1).isWord("timestamptz")
                && (i + 2 >= tokens.size() || !tokens.get(i + 2).value().equals("["));
    }

    /** Whether tokens from {@code i} are the typed literal {@code timestamptz 'text'}. */
    static boolean isTypedLiteral(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i).isWord("timestamptz") && tokens.get(i + 1).kind() == Kind.STRING
                && (i == 0 || (tokens.get(i - 1).kind() != Kind.DOT && !tokens.get(i - 1).value().equals("::")));
    }

    /** The text of a character-string constant, null for any other expression. */
    private static String characterLiteral(Expression e) {
        if (!(e instanceof ValueExpression v)) {
            return null;
        }
        Value value = v.getValue(null);
        int t = value.getValueType();
        return t == Value.VARCHAR || t == Value.CHAR ? value.getString() : null;
    }

    /** Whether {@code parent} converts its character operands to the type of its other operands. */
    private static boolean readsOperandsAs(Expression parent) {
        return parent instanceof CoalesceFunction || parent instanceof NullIfFunction || parent instanceof SearchedCase
                || parent instanceof Comparison;
    }

    /**
     * Whether an operand of {@code parent} that is not itself a literal read as timestamptz
     * has the type {@code timestamptz} ({@code timestamptz}), or a type not known yet (otherwise).
     */
    private static boolean hasOperandOf(Expression parent, Function<Expression, TypeInfo> typeOf, boolean timestamptz) {
        for (int i = 0; i < parent.getSubexpressionCount(); i++) {
            Expression operand = parent.getSubexpression(i);
            if (isUntypedInput(operand)) {
                continue;
            }
            TypeInfo t = typeOf.apply(operand);
            if (timestamptz ? t != null && t.getValueType() == Value.TIMESTAMP_TZ : t == null) {
                return true;
            }
        }
        return false;
    }

    private static int untypedLiterals(List<Token> tokens, String text) {
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.STRING && tokens.get(i).value().equals(text)
                    && CastTokens.isUntypedLiteral(tokens, i)) {
                n++;
            }
        }
        return n;
    }
}
