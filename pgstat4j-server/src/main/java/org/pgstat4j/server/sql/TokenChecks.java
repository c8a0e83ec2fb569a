package org.pgstat4j.server.sql;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * Statements the engine would read otherwise than PostgreSQL, recognised from their tokens
 * alone — never parsed:
 * <ul>
 * <li>bit-string literals ({@code B'101'}, {@code X'1F'}), which the engine reads as binary
 *     strings: cast to {@code int4} or {@code int8} ({@code X'1F'::int}) they become the
 *     integer PostgreSQL's cast gives (see {@link #bitStringInteger}); anywhere else they are
 *     refused ({@code 0A000});</li>
 * <li>a key word PostgreSQL accepts as a column label only after {@code AS}, written bare
 *     after a value in a select list ({@code SELECT 1 fetch}): the engine, to which these words are names,
 *     would take it as a label; PostgreSQL fails with a syntax error ({@code 42601}) — at the
 *     token after {@code FETCH} and {@code OFFSET}, which start a clause, at the word itself
 *     otherwise.</li>
 * </ul>
 *
 * <p>Invariant: only the token patterns above are matched; a statement without them passes
 * unchanged. Errors point at the statement's own text (1-based positions in the query string).
 */
final class TokenChecks {
    /**
     * Key words PostgreSQL 14 requires {@code AS} before when they label a column, and which the
     * engine takes as names ({@link EngineMode#NON_KEYWORDS}).
     */
    private static final Set<String> AS_ONLY_LABELS = Set.of("fetch", "offset", "day", "hour", "minute", "month",
            "second", "year");
    private static final Set<String> CLAUSE_WORDS = Set.of("fetch", "offset");
    /** Key words that open a clause of a query; the nearest one before a token says where it is. */
    private static final Set<String> CLAUSE_KEY_WORDS = Set.of("select", "from", "where", "group", "having", "order",
            "limit", "offset", "fetch", "window", "union", "intersect", "except", "values", "join", "on", "using",
            "returning", "into", "with");
    private static final Set<String> INTEGER_TYPES = Set.of("int", "int4", "integer", "int8", "bigint");

    private TokenChecks() {
    }

    /** Throws PostgreSQL's error for a statement whose tokens match a pattern above that it cannot answer. */
    static void check(SqlText.Statement st) throws PgError {
        List<Token> tokens = st.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (isBitString(tokens, i)) {
                if (integerCastBits(tokens, i) < 0) {
                    throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                            "bit string literals are not supported, except cast to int4 or int8",
                            "Cast it to integer, e.g. X'1F'::int.").at(st.offset() + tokens.get(i).start() + 1);
                }
                checkBitString(tokens, i, st.offset());
            }
            if (isBareAsOnlyLabel(tokens, i)) {
                // FETCH and OFFSET start a clause, which fails at the token after them; the others fail at themselves
                int at = CLAUSE_WORDS.contains(tokens.get(i).value()) ? i + 1 : i;
                boolean end = at >= tokens.size();
                throw PgError.error(PgError.SYNTAX_ERROR, "syntax error at " + (end ? "end of input"
                        : "or near \"" + st.text().substring(tokens.get(at).start(), tokens.get(at).end()) + "\""))
                        .at(st.offset() + (end ? st.text().length() : tokens.get(at).start()) + 1);
            }
        }
    }

    /** Whether tokens {@code i}, {@code i + 1} are a bit-string literal: {@code B} or {@code X} joined to a string. */
    static boolean isBitString(List<Token> tokens, int i) {
        if (i + 1 >= tokens.size() || !(tokens.get(i).isWord("b") || tokens.get(i).isWord("x"))) {
            return false;
        }
        Token s = tokens.get(i + 1);
        return s.kind() == Kind.STRING && s.start() == tokens.get(i).end();
    }

    /** The width of the integer type the bit-string literal at {@code i} is cast to (32 or 64), -1 if it is not. */
    private static int integerCastBits(List<Token> tokens, int i) {
        if (i + 3 >= tokens.size() || !tokens.get(i + 2).value().equals("::")
                || !(tokens.get(i + 3).kind() == Kind.IDENT && INTEGER_TYPES.contains(tokens.get(i + 3).value()))) {
            return -1;
        }
        if (i + 4 < tokens.size() && tokens.get(i + 4).value().equals("[")) {
            return -1;
        }
        String type = tokens.get(i + 3).value();
        return type.equals("int8") || type.equals("bigint") ? 64 : 32;
    }

    /**
     * The integer PostgreSQL's cast gives for the bit-string literal at {@code i} cast to
     * {@code int4} or {@code int8} — its bits as the integer's two's complement — in
     * parentheses; null if the literal is not so cast or {@link #check} refuses it.
     */
    static String bitStringInteger(List<Token> tokens, int i) {
        int width = integerCastBits(tokens, i);
        BigInteger value = width < 0 ? null : bits(tokens, i);
        if (value == null || bitLength(tokens, i) > width) {
            return null;
        }
        return "(" + (width == 64 ? value.longValue() : value.intValue()) + ")";
    }

    /** Throws PostgreSQL's error for a bit-string literal cast to an integer that PostgreSQL rejects. */
    private static void checkBitString(List<Token> tokens, int i, int offset) throws PgError {
        boolean hex = tokens.get(i).isWord("x");
        String digits = tokens.get(i + 1).value();
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), hex ? 16 : 2) < 0) {
                throw PgError.error(PgError.INVALID_TEXT_REPRESENTATION, "\"" + digits.charAt(k) + "\" is not a valid "
                        + (hex ? "hexadecimal" : "binary") + " digit").at(offset + tokens.get(i).start() + 1);
            }
        }
        int width = integerCastBits(tokens, i);
        if (bitLength(tokens, i) > width) {
            throw PgError.error("22003", (width == 64 ? "bigint" : "integer") + " out of range");
        }
    }

    private static int bitLength(List<Token> tokens, int i) {
        return tokens.get(i + 1).value().length() * (tokens.get(i).isWord("x") ? 4 : 1);
    }

    /** The literal's bits as an unsigned number; null if a digit is not one. */
    private static BigInteger bits(List<Token> tokens, int i) {
        boolean hex = tokens.get(i).isWord("x");
        String digits = tokens.get(i + 1).value();
        BigInteger value = BigInteger.ZERO;
        for (int k = 0; k < digits.length(); k++) {
            int d = Character.digit(digits.charAt(k), hex ? 16 : 2);
            if (d < 0) {
                return null;
            }
            value = value.shiftLeft(hex ? 4 : 1).add(BigInteger.valueOf(d));
        }
        return value;
    }

    /** Whether token {@code i} is a key word of {@link #AS_ONLY_LABELS} written as a column label without AS. */
    private static boolean isBareAsOnlyLabel(List<Token> tokens, int i) {
        if (i < 1 || tokens.get(i).kind() != Kind.IDENT || !AS_ONLY_LABELS.contains(tokens.get(i).value())) {
            return false;
        }
        Token before = tokens.get(i - 1);
        boolean afterValue = switch (before.kind()) {
            case NUMBER, QUOTED_IDENT, RPAREN, PARAM -> true;
            // interval '1' day: a field of the typed literal
            case STRING -> i < 2 || !tokens.get(i - 2).isWord("interval");
            default -> false;
        };
        if (!afterValue) {
            return false;
        }
        boolean labelEnds = i + 1 >= tokens.size() || tokens.get(i + 1).kind() == Kind.COMMA
                || tokens.get(i + 1).isWord("from");
        return labelEnds && inSelectList(tokens, i);
    }

    /**
     * Whether token {@code i} is in a select list: the nearest clause key word before it, at its
     * own depth of parentheses, is {@code SELECT} (in {@code FROM}, {@code (SELECT 1) day} names
     * a derived table, which PostgreSQL allows without AS).
     */
    private static boolean inSelectList(List<Token> tokens, int i) {
        int depth = 0;
        for (int j = i - 1; j >= 0; j--) {
            Token t = tokens.get(j);
            if (t.kind() == Kind.RPAREN) {
                depth++;
            } else if (t.kind() == Kind.LPAREN) {
                if (depth == 0) {
                    return false; // inside a function's or a row's parentheses
                }
                depth--;
            } else if (depth == 0 && t.kind() == Kind.IDENT && CLAUSE_KEY_WORDS.contains(t.value())) {
                return t.value().equals("select");
            }
        }
        return false;
    }
}
