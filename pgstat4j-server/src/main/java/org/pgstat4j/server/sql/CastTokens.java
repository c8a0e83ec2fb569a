package org.pgstat4j.server.sql;

import java.util.List;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * What a run of tokens is, for {@link SqlText}'s spelling changes: casts ({@code ::numeric},
 * {@code ::interval}, {@code ::boolean}, {@code ::type[]}, {@code ::regclass}), typed and plain
 * literals, qualified names. Pure functions of the token list; none looks past its bounds.
 */
final class CastTokens {
    private CastTokens() {
    }

    /** Whether the string literal at {@code i} is not cast with {@code ::} (its type then comes from where it is used). */
    static boolean isUntypedLiteral(List<Token> tokens, int i) {
        return i + 1 >= tokens.size() || !tokens.get(i + 1).value().equals("::");
    }

    /** A literal the engine reads as it is: {@code '...'} (not E'...', not dollar-quoted). */
    static boolean isPlainLiteral(Token t) {
        return t.end() - t.start() == t.value().length() + 2 + countQuotes(t.value());
    }

    private static int countQuotes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'') {
                n++;
            }
        }
        return n;
    }

    /** Whether tokens {@code i}, {@code i+1} are {@code []} after a type name in a cast ({@code ::type[]}, {@code AS type[]}). */
    static boolean isArrayTypeSuffix(List<Token> tokens, int i) {
        return i >= 2 && i + 1 < tokens.size() && tokens.get(i).value().equals("[") && tokens.get(i).kind() == Kind.OTHER
                && tokens.get(i + 1).value().equals("]") && tokens.get(i + 1).kind() == Kind.OTHER
                && tokens.get(i - 1).kind() == Kind.IDENT
                && (tokens.get(i - 2).value().equals("::") || tokens.get(i - 2).isWord("as"));
    }

    /** Whether tokens from {@code i} are {@code :: numeric} (or {@code decimal}) without precision and scale. */
    static boolean isUnscaledNumericCast(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).value().equals("::")
                && (tokens.get(i + 1).isWord("numeric") || tokens.get(i + 1).isWord("decimal"))
                && (i + 2 >= tokens.size() || tokens.get(i + 2).kind() != Kind.LPAREN);
    }

    /** Whether token {@code i} is the type {@code numeric} (or {@code decimal}) of a cast, without precision. */
    static boolean isUnscaledNumericType(List<Token> tokens, int i) {
        boolean last = i + 1 >= tokens.size();
        return i >= 1 && (tokens.get(i).isWord("numeric") || tokens.get(i).isWord("decimal"))
                && ((tokens.get(i - 1).value().equals("::") && (last || tokens.get(i + 1).kind() != Kind.LPAREN))
                    // CAST(x AS numeric), not the alias of "select 1 AS numeric"
                    || (tokens.get(i - 1).isWord("as") && !last && tokens.get(i + 1).kind() == Kind.RPAREN));
    }

    /** Whether tokens from {@code i} are {@code :: interval} (without a precision). */
    static boolean isIntervalCast(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).value().equals("::")
                && tokens.get(i + 1).isWord("interval")
                && (i + 2 >= tokens.size() || tokens.get(i + 2).kind() != Kind.LPAREN);
    }

    static final java.util.Set<String> INTERVAL_FIELDS = java.util.Set.of("year", "month", "day", "hour",
            "minute", "second");

    /** Whether tokens from {@code i} are the typed literal {@code interval 'text'} without a field qualifier. */
    static boolean isIntervalLiteral(List<Token> tokens, int i) {
        if (i + 1 >= tokens.size() || !tokens.get(i).isWord("interval") || tokens.get(i + 1).kind() != Kind.STRING) {
            return false;
        }
        if (i > 0 && (tokens.get(i - 1).kind() == Kind.DOT
                || tokens.get(i - 1).kind() == Kind.OPERATOR && tokens.get(i - 1).value().equals("::"))) {
            return false;
        }
        return i + 2 >= tokens.size() || tokens.get(i + 2).kind() != Kind.IDENT
                || !INTERVAL_FIELDS.contains(tokens.get(i + 2).value());
    }

    /** Whether tokens {@code i}, {@code i+1} are {@code :: boolean} (or {@code bool}). */
    static boolean isBooleanCast(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).value().equals("::")
                && (tokens.get(i + 1).isWord("boolean") || tokens.get(i + 1).isWord("bool"))
                && (i + 2 >= tokens.size() || !tokens.get(i + 2).value().equals("["));
    }

    /** Whether tokens from {@code i} are {@code :: type []}. */
    static boolean isArrayCast(List<Token> tokens, int i) {
        return i + 3 < tokens.size() && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).value().equals("::")
                && isArrayTypeSuffix(tokens, i + 2);
    }

    /** Whether tokens {@code i}, {@code i+1} are {@code :: regclass} after a castable operand. */
    static boolean isRegclassCast(List<Token> tokens, int i) {
        if (i + 1 >= tokens.size() || i < 1) {
            return false;
        }
        Token operand = tokens.get(i - 1);
        boolean castable = switch (operand.kind()) {
            case STRING, PARAM, IDENT, QUOTED_IDENT -> true;
            default -> false;
        };
        return castable && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).value().equals("::")
                && tokens.get(i + 1).isWord("regclass");
    }

    /** For {@code a.b.c} ending at {@code i}, the index of {@code a}; {@code i} for a literal. */
    static int qualifiedStart(List<Token> tokens, int i) {
        Kind k = tokens.get(i).kind();
        if (k != Kind.IDENT && k != Kind.QUOTED_IDENT) {
            return i;
        }
        int first = i;
        while (first >= 2 && tokens.get(first - 1).kind() == Kind.DOT
                && (tokens.get(first - 2).kind() == Kind.IDENT || tokens.get(first - 2).kind() == Kind.QUOTED_IDENT)) {
            first -= 2;
        }
        return first;
    }
}
