package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL SQL text into tokens, as psql and pgjdbc do on the client side: enough to
 * find statement boundaries, parameters ({@code $1}), literals, identifiers and the
 * {@code ::} cast operator. It does not parse SQL — the engine does; this layer only needs to
 * know where literals and comments are so that it never rewrites inside them.
 *
 * <p>Invariant: the tokens, concatenated with the text between them, give back the input
 * exactly; every token's {@code [start, end)} lies inside the input.
 */
final class SqlLexer {
    enum Kind {
        /** Unquoted identifier or key word; {@link Token#value} is lower-cased. */
        IDENT,
        /** {@code "quoted"} identifier; {@link Token#value} is the name without quotes. */
        QUOTED_IDENT,
        /** {@code '...'}, {@code E'...'} or {@code $tag$...$tag$}; {@link Token#value} is the string's content. */
        STRING,
        NUMBER,
        /** {@code $n}; {@link Token#value} is the number. */
        PARAM,
        /** Operator characters, including {@code ::}. */
        OPERATOR,
        SEMICOLON,
        LPAREN,
        RPAREN,
        COMMA,
        DOT,
        OTHER
    }

    /** One token; {@code value} as described by its {@link Kind}. */
    record Token(Kind kind, int start, int end, String value) {
        boolean isWord(String lowerCaseWord) {
            return kind == Kind.IDENT && value.equals(lowerCaseWord);
        }
    }

    /** Raised for text that cannot be a statement (an unterminated literal or comment). */
    static final class LexException extends Exception {
        LexException(String message) {
            super(message);
        }
    }

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /** The tokens of {@code sql}, without white space and comments. */
    static List<Token> tokenize(String sql) throws LexException {
        return new SqlLexer(sql).run();
    }

    private List<Token> run() throws LexException {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                while (pos < n && sql.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else if (c == '\'') {
                out.add(quoted(pos, pos + 1, false));
            } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                out.add(quoted(pos, pos + 2, true));
            } else if (c == '"') {
                out.add(quotedIdentifier());
            } else if (c == '$' && Character.isDigit(peek(1))) {
                int start = pos++;
                while (pos < n && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
                out.add(new Token(Kind.PARAM, start, pos, sql.substring(start + 1, pos)));
            } else if (c == '$' && dollarTagEnd() > 0) {
                out.add(dollarQuoted());
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < n && isIdentPart(sql.charAt(pos))) {
                    pos++;
                }
                out.add(new Token(Kind.IDENT, start, pos, sql.substring(start, pos).toLowerCase(Locale.ROOT)));
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                out.add(number());
            } else if (c == ':' && peek(1) == ':') {
                out.add(new Token(Kind.OPERATOR, pos, pos + 2, "::"));
                pos += 2;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                int start = pos;
                while (pos < n && OPERATOR_CHARS.indexOf(sql.charAt(pos)) >= 0
                        && !(sql.charAt(pos) == '-' && peek(1) == '-')
                        && !(sql.charAt(pos) == '/' && peek(1) == '*')) {
                    pos++;
                }
                out.add(new Token(Kind.OPERATOR, start, pos, sql.substring(start, pos)));
            } else {
                Kind k = switch (c) {
                    case ';' -> Kind.SEMICOLON;
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    default -> Kind.OTHER;
                };
                out.add(new Token(k, pos, pos + 1, String.valueOf(c)));
                pos++;
            }
        }
        return out;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private void blockComment() throws LexException {
        int depth = 0;
        int n = sql.length();
        while (pos < n) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw new LexException("unterminated /* comment");
    }

    /** A string literal starting at {@code start} whose content starts at {@code from}. */
    private Token quoted(int start, int from, boolean escapes) throws LexException {
        StringBuilder value = new StringBuilder();
        int i = from;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                pos = i + 1;
                return new Token(Kind.STRING, start, pos, value.toString());
            }
            if (escapes && c == '\\' && i + 1 < n) {
                char e = sql.charAt(i + 1);
                value.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> e;
                });
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        throw new LexException("unterminated quoted string");
    }

    private Token quotedIdentifier() throws LexException {
        int start = pos;
        StringBuilder value = new StringBuilder();
        int i = pos + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '"') {
                if (i + 1 < n && sql.charAt(i + 1) == '"') {
                    value.append('"');
                    i += 2;
                    continue;
                }
                pos = i + 1;
                return new Token(Kind.QUOTED_IDENT, start, pos, value.toString());
            }
            value.append(c);
            i++;
        }
        throw new LexException("unterminated quoted identifier");
    }

    /** The end of a {@code $tag$} opening at {@code pos}, or -1 if there is none. */
    private int dollarTagEnd() {
        int i = pos + 1;
        int n = sql.length();
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < n && sql.charAt(i) == '$' ? i + 1 : -1;
    }

    private Token dollarQuoted() throws LexException {
        int start = pos;
        String tag = sql.substring(pos, dollarTagEnd());
        int close = sql.indexOf(tag, start + tag.length());
        if (close < 0) {
            throw new LexException("unterminated dollar-quoted string");
        }
        pos = close + tag.length();
        return new Token(Kind.STRING, start, pos, sql.substring(start + tag.length(), close));
    }

    private Token number() {
        int start = pos;
        int n = sql.length();
        while (pos < n && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < n && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int save = pos++;
            if (pos < n && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < n && Character.isDigit(sql.charAt(pos))) {
                while (pos < n && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        return new Token(Kind.NUMBER, start, pos, sql.substring(start, pos));
    }
}
