package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * PostgreSQL SQL text on its way to the engine: split into statements at top-level
 * semicolons, and rewritten token by token where the engine spells things differently —
 * never parsed. The rewrites:
 * <ul>
 * <li>{@code $n} parameters become the engine's {@code ?n};</li>
 * <li>{@code E'...'} and {@code $$...$$} literals become standard {@code '...'} literals;</li>
 * <li>{@code 'name'::regclass} (a literal or a parameter) becomes a call that resolves the
 *     name through the catalog to an OID, and {@code column::regclass} one that shows the
 *     relation's name;</li>
 * <li>a literal cast to {@code numeric} without a scale ({@code 1.5::numeric}) becomes a
 *     function keeping all its digits; any other such cast becomes {@code numeric(1000, 0)},
 *     exact for integers (others are refused by {@link NumericGuard});</li>
 * <li>{@code 'text'::interval} (or {@code $n::interval}, or the typed literal
 *     {@code interval 'text'}) reads PostgreSQL's interval input into the engine's day-time
 *     interval;</li>
 * <li>a bit-string literal cast to an integer ({@code X'1F'::int}) becomes that integer
 *     ({@link TokenChecks});</li>
 * <li>{@code 'text'::boolean} reads PostgreSQL's boolean input ({@code 'off'}, {@code 'yes'}, ...);</li>
 * <li>{@code 'text'::timestamptz}, the typed literal {@code timestamptz 'text'} and an untyped
 *     literal the engine reads as {@code timestamptz} (found in the engine's tree by
 *     {@link TimestamptzLiterals}) are read by PostgreSQL's timestamptz input
 *     ({@link TimestamptzInput});</li>
 * <li>{@code current_timestamp} becomes PostgreSQL's transaction start time, as {@code now()};</li>
 * <li>a scalar function in {@code FROM} becomes a derived table ({@link FromFunctions});</li>
 * <li>{@code type[]} in a cast becomes the engine's {@code type ARRAY}, and a string literal
 *     cast so ({@code '{a,b}'::text[]}) is read as PostgreSQL's array text;</li>
 * <li>{@code current_user}, {@code session_user}, {@code user} and {@code current_role}
 *     become a function giving the PostgreSQL user of the session (the engine's own key
 *     words would give its internal user), and {@code now()} and {@code quote_ident()}
 *     functions that answer as PostgreSQL's do.</li>
 * </ul>
 * Before these, {@link PgCatalogSyntax} rewrites the spellings of catalog clients
 * ({@code OPERATOR(pg_catalog.~)}, {@code COLLATE pg_catalog.default}, regular-expression
 * patterns, {@code ::pg_catalog.text}). Literals, quoted identifiers and comments are never
 * touched.
 */
final class SqlText {
    /**
     * One statement: its text (without the semicolon), its tokens (positions relative to that
     * text) and where the text starts in the query string (for error positions).
     */
    record Statement(String text, List<Token> tokens, int offset) {
        boolean isEmpty() {
            return tokens.isEmpty();
        }

        /** The highest {@code $n} used, 0 if none. */
        int maxParameter() {
            int max = 0;
            for (Token t : tokens) {
                if (t.kind() == Kind.PARAM) {
                    max = Math.max(max, parseParam(t.value()));
                }
            }
            return max;
        }
    }

    /** Key words that the engine would answer with its own internal user name. */
    private static final List<String> USER_WORDS = List.of("current_user", "session_user", "user", "current_role");
    /** Functions whose engine built-in differs from PostgreSQL's; called under another name. */
    private static final Map<String, String> RENAMED_FUNCTIONS = Map.of("now", "pgstat4j_now",
            "quote_ident", "pgstat4j_quote_ident");

    static final String REGCLASS_FUNCTION = "pgstat4j_regclass";
    static final String REGCLASS_NAME_FUNCTION = "pgstat4j_regclass_name";
    static final String USER_FUNCTION = "pgstat4j_current_user";
    static final String CURRENT_TIMESTAMP_FUNCTION = "pgstat4j_current_timestamp";
    static final String ARRAY_FUNCTION = "pgstat4j_array";
    static final String INTERVAL_FUNCTION = "pgstat4j_interval";
    static final String NUMERIC_FUNCTION = "pgstat4j_numeric";
    static final String BOOL_FUNCTION = "pgstat4j_bool";
    static final String TIMESTAMPTZ_FUNCTION = "pgstat4j_timestamptz";
    /** The same input for a literal that took the type from where it is used (its column has no name of it). */
    static final String UNTYPED_TIMESTAMPTZ_FUNCTION = "pgstat4j_untyped_timestamptz";
    /** The precision and scale an unconstrained {@code numeric} cast gets in the engine (exact for integers). */
    static final int UNSCALED_PRECISION = 1000;
    private static final String UNSCALED_NUMERIC = "(" + UNSCALED_PRECISION + ", 0)";

    private SqlText() {
    }

    /** The statements of a query string; empty statements (e.g. {@code ";;"}) are kept only if alone. */
    static List<Statement> split(String sql) throws SqlLexer.LexException {
        List<Token> tokens = SqlLexer.tokenize(sql);
        List<Statement> out = new ArrayList<>();
        int from = 0;
        int textStart = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            boolean end = i == tokens.size();
            if (end || tokens.get(i).kind() == Kind.SEMICOLON) {
                int textEnd = end ? sql.length() : tokens.get(i).start();
                if (i > from) {
                    out.add(statement(sql, textStart, textEnd, tokens.subList(from, i)));
                }
                from = i + 1;
                textStart = end ? sql.length() : tokens.get(i).end();
            }
        }
        if (out.isEmpty()) {
            out.add(new Statement("", List.of(), 0));
        }
        return out;
    }

    private static Statement statement(String sql, int start, int end, List<Token> tokens) {
        List<Token> shifted = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            shifted.add(new Token(t.kind(), t.start() - start, t.end() - start, t.value()));
        }
        return new Statement(sql.substring(start, end), List.copyOf(shifted), start);
    }

    /** The statement as the engine reads it, its parameters of open type. */
    static String forEngine(Statement s) {
        return forEngine(s, new WireType[0]);
    }

    /**
     * The statement as the engine reads it; a parameter whose type the client declared
     * ({@code declared[n - 1]} for {@code $n}) is cast to that type, so that the engine types
     * the expressions over it as PostgreSQL does (a {@code float8} parameter divides as
     * {@code float8}; {@code SELECT $1} of a {@code timestamptz} is a {@code timestamptz}).
     */
    static String forEngine(Statement s, WireType[] declared) {
        return forEngine(s, declared, java.util.Set.of());
    }

    /**
     * As {@link #forEngine(Statement, WireType[])}, and each untyped literal whose text is in
     * {@code timestamptzLiterals} — which the engine reads as {@code timestamptz}, as
     * {@link TimestamptzLiterals} found — is read by PostgreSQL's timestamptz input instead.
     */
    static String forEngine(Statement statement, WireType[] declared, java.util.Set<String> timestamptzLiterals) {
        Statement s = PgCatalogSyntax.normalize(statement);
        String text = s.text();
        List<Token> tokens = s.tokens();
        StringBuilder out = new StringBuilder(text.length() + 16);
        int copied = 0;
        Map<Integer, String> inserts = FromFunctions.inserts(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String insert = inserts.get(i);
            if (insert != null) {
                out.append(text, copied, t.start()).append(insert);
                copied = t.start();
            }
            if (CastTokens.isRegclassCast(tokens, i + 1)) {
                int first = CastTokens.qualifiedStart(tokens, i);
                boolean name = t.kind() == Kind.IDENT || t.kind() == Kind.QUOTED_IDENT;
                out.append(text, copied, tokens.get(first).start());
                out.append("pg_catalog.").append(name ? REGCLASS_NAME_FUNCTION : REGCLASS_FUNCTION).append('(');
                appendRange(out, text, tokens, first, i);
                out.append(')');
                i += 2;
                copied = tokens.get(i).end();
                continue;
            }
            if (CastTokens.isArrayTypeSuffix(tokens, i)) {
                // type[] in a cast: the engine spells it "type ARRAY"
                out.append(text, copied, t.start()).append(" ARRAY");
                copied = tokens.get(i + 1).end();
                i++;
                continue;
            }
            if (t.kind() == Kind.STRING && CastTokens.isArrayCast(tokens, i + 1)) {
                // 'literal'::type[]: PostgreSQL's array text, read as such (the engine would make it one element)
                out.append(text, copied, t.start()).append("pg_catalog.").append(ARRAY_FUNCTION).append('(')
                        .append(quote(t.value())).append(')');
                copied = t.end();
                continue;
            }
            if ((t.kind() == Kind.NUMBER || t.kind() == Kind.STRING) && CastTokens.isUnscaledNumericCast(tokens, i + 1)) {
                // 1.5::numeric keeps every digit (the engine's cast would round to its default scale)
                out.append(text, copied, t.start()).append("pg_catalog.").append(NUMERIC_FUNCTION).append('(')
                        .append(t.kind() == Kind.STRING ? quote(t.value()) : t.value()).append(')');
                copied = tokens.get(i + 2).end();
                i += 2;
                continue;
            }
            if (t.kind() == Kind.STRING && CastTokens.isBooleanCast(tokens, i + 1)) {
                // 'off'::boolean: PostgreSQL's boolean input (the engine reads fewer spellings)
                out.append(text, copied, t.start()).append("pg_catalog.").append(BOOL_FUNCTION).append('(')
                        .append(quote(t.value())).append(')');
                copied = tokens.get(i + 2).end();
                i += 2;
                continue;
            }
            if ((t.kind() == Kind.STRING || t.kind() == Kind.PARAM) && CastTokens.isIntervalCast(tokens, i + 1)) {
                // 'text'::interval: PostgreSQL's interval input, read by a function into the engine's interval
                out.append(text, copied, t.start()).append("CAST(pg_catalog.").append(INTERVAL_FUNCTION).append('(')
                        .append(t.kind() == Kind.STRING ? quote(t.value()) : "?" + parseParam(t.value()))
                        .append(") AS INTERVAL DAY TO SECOND)");
                copied = tokens.get(i + 2).end();
                i += 2;
                continue;
            }
            if (CastTokens.isIntervalLiteral(tokens, i)) {
                // interval '1 day': PostgreSQL's interval input, as for '1 day'::interval
                out.append(text, copied, t.start()).append("CAST(pg_catalog.").append(INTERVAL_FUNCTION).append('(')
                        .append(quote(tokens.get(i + 1).value())).append(") AS INTERVAL DAY TO SECOND)");
                copied = tokens.get(i + 1).end();
                i += 1;
                continue;
            }
            if (CastTokens.isUnscaledNumericType(tokens, i)) {
                // numeric without precision: the engine's widest exact integer decimal (its own default
                // scale would be used otherwise); NumericGuard refuses it for values with a fraction
                out.append(text, copied, t.end()).append(UNSCALED_NUMERIC);
                copied = t.end();
                continue;
            }
            String bits = TokenChecks.isBitString(tokens, i) ? TokenChecks.bitStringInteger(tokens, i) : null;
            if (bits != null) {
                // X'1F'::int: the integer PostgreSQL's cast of the bit string gives (the engine reads binary)
                out.append(text, copied, t.start()).append(bits);
                copied = tokens.get(i + 1).end();
                i += 1;
                continue;
            }
            if (t.kind() == Kind.STRING && timestamptzLiterals.contains(t.value()) && CastTokens.isUntypedLiteral(tokens, i)) {
                out.append(text, copied, t.start()).append("pg_catalog.").append(UNTYPED_TIMESTAMPTZ_FUNCTION)
                        .append('(').append(quote(t.value())).append(')');
                copied = t.end();
                continue;
            }
            if (t.kind() == Kind.STRING && TimestamptzLiterals.isCast(tokens, i + 1)) {
                // '1970-01-01Z'::timestamptz: PostgreSQL's timestamptz input (the engine reads fewer forms)
                out.append(text, copied, t.start()).append("pg_catalog.").append(TIMESTAMPTZ_FUNCTION).append('(')
                        .append(quote(t.value())).append(')');
                copied = tokens.get(i + 2).end();
                i += 2;
                continue;
            }
            if (TimestamptzLiterals.isTypedLiteral(tokens, i)) {
                // timestamptz '...': the typed literal, read as '...'::timestamptz
                out.append(text, copied, t.start()).append("pg_catalog.").append(TIMESTAMPTZ_FUNCTION).append('(')
                        .append(quote(tokens.get(i + 1).value())).append(')');
                copied = tokens.get(i + 1).end();
                i += 1;
                continue;
            }
            String replacement = replacement(tokens, i, declared);
            if (replacement != null) {
                out.append(text, copied, t.start()).append(replacement);
                copied = t.end();
            }
        }
        out.append(text, copied, text.length()).append(inserts.getOrDefault(tokens.size(), ""));
        return out.toString();
    }

    /** The engine types a declared parameter is cast to; others are left to the engine. */
    private static final Map<WireType, String> PARAMETER_CASTS = Map.of(WireType.BOOL, "BOOLEAN",
            WireType.INT2, "SMALLINT", WireType.INT4, "INTEGER", WireType.INT8, "BIGINT", WireType.FLOAT4, "REAL",
            WireType.FLOAT8, "DOUBLE PRECISION", WireType.DATE, "DATE", WireType.TIMESTAMPTZ,
            "TIMESTAMP WITH TIME ZONE", WireType.TIMESTAMP, "TIMESTAMP", WireType.VARCHAR, "VARCHAR");

    private static String parameter(String token, WireType[] declared) {
        int n = parseParam(token);
        String cast = n >= 1 && n <= declared.length ? PARAMETER_CASTS.get(declared[n - 1]) : null;
        return cast == null ? "?" + n : "CAST(?" + n + " AS " + cast + ")";
    }

    private static String replacement(List<Token> tokens, int i, WireType[] declared) {
        Token t = tokens.get(i);
        boolean afterDot = i > 0 && tokens.get(i - 1).kind() == Kind.DOT;
        boolean beforeParen = i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.LPAREN;
        return switch (t.kind()) {
            case PARAM -> parameter(t.value(), declared);
            case STRING -> t.start() < t.end() && !CastTokens.isPlainLiteral(t) ? quote(t.value()) : null;
            case IDENT -> {
                if (!afterDot && !beforeParen && USER_WORDS.contains(t.value())) {
                    yield "pg_catalog." + USER_FUNCTION + "()";
                }
                if (!afterDot && !beforeParen && t.value().equals("current_timestamp")) {
                    yield "pg_catalog." + CURRENT_TIMESTAMP_FUNCTION + "()";
                }
                if (!afterDot && beforeParen && RENAMED_FUNCTIONS.containsKey(t.value())) {
                    yield "pg_catalog." + RENAMED_FUNCTIONS.get(t.value());
                }
                yield null;
            }
            default -> null;
        };
    }

    private static void appendRange(StringBuilder out, String text, List<Token> tokens, int first, int last) {
        for (int j = first; j <= last; j++) {
            Token t = tokens.get(j);
            String r = t.kind() == Kind.STRING || t.kind() == Kind.PARAM ? replacement(tokens, j, new WireType[0]) : null;
            out.append(r != null ? r : text.substring(t.start(), t.end()));
        }
    }

    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static int parseParam(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
