package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * The spellings catalog clients (psql's {@code \d} family) use that the engine's grammar has
 * no form for, rewritten token by token before {@link SqlText}'s own rewrites — never parsed:
 * <ul>
 * <li>{@code OPERATOR(pg_catalog.~)} becomes the bare operator, for the comparison and
 *     regular-expression operators, whose meaning and precedence the engine shares;</li>
 * <li>{@code COLLATE pg_catalog.default} (or {@code "default"}) is dropped: the database's
 *     default collation is the one every comparison uses anyway;</li>
 * <li>{@code ::pg_catalog.text} (and {@code AS pg_catalog.text} in a cast) becomes
 *     {@code ::text}: {@code pg_catalog} is always searched first;</li>
 * <li>the pattern of {@code ~}, {@code !~}, {@code ~*}, {@code !~*} — a literal or a
 *     parameter — is handed to {@link PosixRegex}, which gives the engine the Java pattern
 *     of the same meaning or refuses;</li>
 * <li>{@code column::regtype::text} shows a type OID as its name ({@link DescribeFunctions}).</li>
 * </ul>
 * Literals, quoted identifiers and comments are never touched. A statement without any of
 * these comes back as it was (same text, so error positions stay exact).
 */
final class PgCatalogSyntax {
    /** Operators written as {@code OPERATOR(pg_catalog.op)} that the engine spells the same. */
    private static final Set<String> PLAIN_OPERATORS = Set.of("~", "!~", "~*", "!~*", "=", "<>", "!=", "<", ">",
            "<=", ">=");
    private static final Set<String> REGEX_OPERATORS = Set.of("~", "!~", "~*", "!~*");
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "name");
    private static final Set<Kind> OPERAND_ENDS = Set.of(Kind.IDENT, Kind.QUOTED_IDENT, Kind.STRING, Kind.NUMBER,
            Kind.PARAM, Kind.RPAREN);
    /** Reserved key words after which an expression starts (so a {@code ~} there is a prefix operator). */
    private static final Set<String> KEY_WORDS_BEFORE_EXPRESSIONS = Set.of("select", "where", "and", "or", "not",
            "then", "else", "when", "case", "on", "having", "by", "distinct", "all", "any", "some", "between",
            "like", "ilike", "is", "in", "limit", "offset", "values", "return", "array", "using", "from");
    /** Type names the engine knows (or {@link SqlText} rewrites): their {@code pg_catalog.} is dropped. */
    private static final Set<String> ENGINE_TYPES = Set.of("text", "varchar", "char", "bpchar", "name", "oid", "int2",
            "int4", "int8", "smallint", "integer", "int", "bigint", "float4", "float8", "real", "numeric", "decimal",
            "bool", "boolean", "timestamptz", "timestamp", "date", "time", "interval", "bytea", "regclass");

    private PgCatalogSyntax() {
    }

    /** Whether {@code k} can end an operand (a name, literal or {@code )}), not a key word before an expression. */
    private static boolean isOperandEnd(Token k) {
        return OPERAND_ENDS.contains(k.kind())
                && !(k.kind() == Kind.IDENT && KEY_WORDS_BEFORE_EXPRESSIONS.contains(k.value()));
    }

    /** One replacement of tokens {@code [first, last]} by {@code text}. */
    private record Edit(int first, int last, String text) { }

    static SqlText.Statement normalize(SqlText.Statement s) {
        return operands(spellings(s));
    }

    /** First pass: qualified operators, the default collation, {@code pg_catalog.}-qualified types. */
    private static SqlText.Statement spellings(SqlText.Statement s) {
        List<Token> t = s.tokens();
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            int collate = defaultCollation(t, i);
            if (isQualifiedOperator(t, i)) {
                edits.add(new Edit(i, i + 5, " " + t.get(i + 4).value() + " "));
                i += 5;
            } else if (collate > i) {
                edits.add(new Edit(i, collate, " "));
                i = collate;
            } else if (isCatalogQualifiedType(t, i)) {
                edits.add(new Edit(i + 1, i + 2, ""));
                i += 2;
            }
        }
        return edits.isEmpty() ? s : apply(s, edits);
    }

    /** Second pass: regular-expression patterns and {@code column::regtype::text}. */
    private static SqlText.Statement operands(SqlText.Statement s) {
        List<Token> t = s.tokens();
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            // a binary ~ only: after an operand (a prefix ~ is PostgreSQL's bitwise not)
            boolean afterRegexOperator = i > 1 && t.get(i - 1).kind() == Kind.OPERATOR
                    && REGEX_OPERATORS.contains(t.get(i - 1).value()) && isOperandEnd(t.get(i - 2));
            if (afterRegexOperator && (k.kind() == Kind.STRING || k.kind() == Kind.PARAM)) {
                String operand = k.kind() == Kind.STRING ? SqlText.quote(k.value()) : "$" + k.value();
                edits.add(new Edit(i, i, "pg_catalog.pgstat4j_regex(" + operand + ")"));
            } else if (isRegtypeShownAsText(t, i)) {
                int first = qualifiedStart(t, i);
                if (!edits.isEmpty() && edits.getLast().last() >= first) {
                    continue;
                }
                StringBuilder column = new StringBuilder();
                for (int j = first; j <= i; j++) {
                    column.append(s.text(), t.get(j).start(), t.get(j).end());
                }
                edits.add(new Edit(first, i + 2,
                        "pg_catalog." + DescribeFunctions.REGTYPE_FUNCTION + "(" + column + ")"));
                i += 2;
            }
        }
        return edits.isEmpty() ? s : apply(s, edits);
    }

    private static SqlText.Statement apply(SqlText.Statement s, List<Edit> edits) {
        StringBuilder out = new StringBuilder(s.text().length() + 32);
        int copied = 0;
        for (Edit e : edits) {
            out.append(s.text(), copied, s.tokens().get(e.first()).start()).append(e.text());
            copied = s.tokens().get(e.last()).end();
        }
        out.append(s.text(), copied, s.text().length());
        String text = out.toString();
        try {
            return new SqlText.Statement(text, List.copyOf(SqlLexer.tokenize(text)), s.offset());
        } catch (SqlLexer.LexException e) {
            throw new IllegalStateException("a rewrite made an invalid statement: " + text, e);
        }
    }

    /** {@code OPERATOR ( pg_catalog . op )} at {@code i}, for an operator the engine spells the same. */
    private static boolean isQualifiedOperator(List<Token> t, int i) {
        return i + 5 < t.size() && t.get(i).isWord("operator") && t.get(i + 1).kind() == Kind.LPAREN
                && t.get(i + 2).isWord("pg_catalog") && t.get(i + 3).kind() == Kind.DOT
                && t.get(i + 4).kind() == Kind.OPERATOR && PLAIN_OPERATORS.contains(t.get(i + 4).value())
                && t.get(i + 5).kind() == Kind.RPAREN;
    }

    /** The last token of {@code COLLATE [pg_catalog .] default} starting at {@code i}, or -1. */
    private static int defaultCollation(List<Token> t, int i) {
        if (!t.get(i).isWord("collate")) {
            return -1;
        }
        int n = i + 1;
        if (n + 1 < t.size() && t.get(n).isWord("pg_catalog") && t.get(n + 1).kind() == Kind.DOT) {
            n += 2;
        }
        if (n < t.size() && (t.get(n).kind() == Kind.QUOTED_IDENT || t.get(n).kind() == Kind.IDENT)
                && t.get(n).value().equals("default")) {
            return n;
        }
        return -1;
    }

    /**
     * {@code :: pg_catalog . type} (or {@code AS pg_catalog . type}) with {@code ::} at {@code i},
     * for a type the engine knows, or {@code regtype} shown as text ({@code ::regtype::text}).
     */
    private static boolean isCatalogQualifiedType(List<Token> t, int i) {
        boolean cast = isCast(t.get(i)) || t.get(i).isWord("as");
        if (!cast || i + 3 >= t.size() || !t.get(i + 1).isWord("pg_catalog") || t.get(i + 2).kind() != Kind.DOT
                || t.get(i + 3).kind() != Kind.IDENT) {
            return false;
        }
        String type = t.get(i + 3).value();
        return ENGINE_TYPES.contains(type) || type.equals("regtype") && i + 4 < t.size() && isCast(t.get(i + 4));
    }

    /** {@code column :: regtype :: text} with the column's last name at {@code i}. */
    private static boolean isRegtypeShownAsText(List<Token> t, int i) {
        return i + 4 < t.size() && (t.get(i).kind() == Kind.IDENT || t.get(i).kind() == Kind.QUOTED_IDENT)
                && isCast(t.get(i + 1)) && t.get(i + 2).isWord("regtype") && isCast(t.get(i + 3))
                && TEXT_TYPES.contains(t.get(i + 4).value()) && t.get(i + 4).kind() == Kind.IDENT;
    }

    private static boolean isCast(Token k) {
        return k.kind() == Kind.OPERATOR && k.value().equals("::");
    }

    /** For {@code a.b.c} ending at {@code i}, the index of {@code a}. */
    private static int qualifiedStart(List<Token> t, int i) {
        int first = i;
        while (first >= 2 && t.get(first - 1).kind() == Kind.DOT
                && (t.get(first - 2).kind() == Kind.IDENT || t.get(first - 2).kind() == Kind.QUOTED_IDENT)) {
            first -= 2;
        }
        return first;
    }
}
