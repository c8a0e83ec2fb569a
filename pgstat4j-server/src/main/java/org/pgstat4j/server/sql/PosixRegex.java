package org.pgstat4j.server.sql;

import org.pgstat4j.backend.SqlStateException;

/**
 * PostgreSQL's regular expression match ({@code ~}, {@code !~}, {@code ~*}, {@code !~*}) on
 * the engine's own operator, which compiles the pattern as a Java regular expression: the
 * pattern a client wrote reaches the engine only through {@link #pgstat4j_regex}, which
 * {@link PgCatalogSyntax} wraps around it, and which gives
 * the Java pattern that matches exactly the strings PostgreSQL's advanced regular expression
 * matches — or refuses. Each public static method becomes a SQL function of its name.
 *
 * <p>Invariant: a pattern is translated only if every construct in it means the same in both
 * dialects for the question "is there a match": literal characters, {@code .} (any character,
 * a newline too, as PostgreSQL's default), {@code ^}, {@code $} (the end of the string only,
 * never before a final newline), groups {@code (...)}, alternation {@code |} (empty branches
 * too), the quantifiers {@code * + ?}, and a backslash before one of the special characters.
 * A pattern PostgreSQL rejects is rejected with its error ({@code 2201B}); anything else —
 * bracket expressions, bounds {@code {m,n}}, escapes such as {@code \d}, non-greedy
 * quantifiers, PostgreSQL's directors and embedded options — is refused with {@code 0A000},
 * never answered by the engine's other meaning. {@code ~*} folds ASCII letters only, as
 * PostgreSQL does under the {@code C} collation (the endpoint's, see docs/SQL.md).
 * {@link CatalogGuard} refuses a match whose pattern did not come through here.
 */
public final class PosixRegex {
    /** The characters that are special outside a bracket expression, in both dialects. */
    private static final String SPECIAL = "\\^$.[]()|*+?{}";

    private PosixRegex() {
    }

    /** The Java pattern that matches what PostgreSQL pattern {@code pattern} matches. */
    public static String pgstat4j_regex(String pattern) {
        return pattern == null ? null : toJava(pattern);
    }

    static String toJava(String pattern) {
        // (?s): "." matches a newline too, as in PostgreSQL's default (not newline-sensitive) mode
        if (pattern.startsWith("***") || pattern.contains("(?")) {
            // a director (***: ***=) or an embedded option or look-around: PostgreSQL's own extensions
            throw refused("directors, embedded options and look-around constraints", pattern);
        }
        StringBuilder out = new StringBuilder(pattern.length() + 8).append("(?s)");
        boolean quantifiable = false;
        boolean afterQuantifier = false;
        // per open group: whether it holds a quantifier or an alternative (its own or a nested group's)
        java.util.ArrayDeque<Boolean> groups = new java.util.ArrayDeque<>();
        boolean closedGroupRepeats = false;
        int depth = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '+' || c == '?') {
                if (afterQuantifier && c == '?') {
                    throw refused("non-greedy quantifiers", pattern);
                }
                if (!quantifiable) {
                    throw invalid("quantifier operand invalid");
                }
                if (closedGroupRepeats) {
                    // (a*)* and (a|ab)+ make a backtracking matcher take exponential time
                    throw refused("a quantifier on a group that holds a quantifier or an alternative", pattern);
                }
                if (!groups.isEmpty()) {
                    groups.pop();
                    groups.push(true);
                }
                out.append(c);
                quantifiable = false;
                afterQuantifier = true;
                continue;
            }
            afterQuantifier = false;
            closedGroupRepeats = false;
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= pattern.length()) {
                        throw invalid("invalid escape \\ sequence");
                    }
                    if (SPECIAL.indexOf(pattern.charAt(i + 1)) < 0) {
                        throw refused("escapes other than a backslash before a special character", pattern);
                    }
                    out.append('\\').append(pattern.charAt(++i));
                    quantifiable = true;
                }
                case '^' -> {
                    out.append('^');
                    quantifiable = false;
                }
                case '$' -> {
                    out.append("\\z"); // the end of the string; Java's $ also matches before a final newline
                    quantifiable = false;
                }
                case '.' -> {
                    out.append('.');
                    quantifiable = true;
                }
                case '(' -> {
                    out.append('(');
                    groups.push(false);
                    depth++;
                    quantifiable = false;
                }
                case ')' -> {
                    if (depth == 0) {
                        throw invalid("parentheses () not balanced");
                    }
                    out.append(')');
                    depth--;
                    closedGroupRepeats = groups.pop();
                    if (closedGroupRepeats && !groups.isEmpty()) {
                        groups.pop();
                        groups.push(true);
                    }
                    quantifiable = true;
                }
                case '|' -> {
                    if (!groups.isEmpty()) {
                        groups.pop();
                        groups.push(true);
                    }
                    out.append('|');
                    quantifiable = false;
                }
                case '[', ']', '{', '}' -> throw refused("bracket expressions and bounds", pattern);
                default -> {
                    out.append(c);
                    quantifiable = true;
                }
            }
        }
        if (depth != 0) {
            throw invalid("parentheses () not balanced");
        }
        return out.toString();
    }

    private static SqlStateException invalid(String what) {
        return new SqlStateException("2201B", "invalid regular expression: " + what, null);
    }

    private static SqlStateException refused(String construct, String pattern) {
        return new SqlStateException(PgError.FEATURE_NOT_SUPPORTED,
                "regular expressions with " + construct + " are not supported by pgstat4j: '" + pattern + "'",
                "Literal characters, ., ^, $, (...), |, *, + and ? are supported.");
    }
}
