package org.pgstat4j.server.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.h2.api.ErrorCode;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * Where in the client's query string an engine error points, as PostgreSQL's error position
 * (1-based, counted in characters of the whole query string): a syntax error at the token
 * the engine stopped at, an unknown column, relation or function at the first reference to
 * it (the start of a qualified name).
 *
 * <p>Invariant: a position is given only when it is certain: a syntax error's only when the
 * engine read the client's statement unchanged, a name's only when the client's tokens hold
 * that name; otherwise none (0), never a guess.
 */
final class ErrorPosition {
    private static final String MARKER = "[*]";

    private ErrorPosition() {
    }

    /** The position for engine error {@code e} of statement {@code st}, run as {@code engineSql}; 0 for none. */
    static int of(SQLException e, SqlText.Statement st, String engineSql) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        int at = switch (e.getErrorCode()) {
            case ErrorCode.SYNTAX_ERROR_1, ErrorCode.SYNTAX_ERROR_2 -> syntax(msg, st, engineSql);
            case ErrorCode.COLUMN_NOT_FOUND_1, ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1,
                 ErrorCode.TABLE_OR_VIEW_NOT_FOUND_WITH_CANDIDATES_2,
                 ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1 -> name(firstQuoted(msg), st.tokens(), false);
            case ErrorCode.FUNCTION_NOT_FOUND_1 -> name(firstQuoted(msg), st.tokens(), true);
            default -> -1;
        };
        return at < 0 ? 0 : st.offset() + at + 1;
    }

    private static int syntax(String msg, SqlText.Statement st, String engineSql) {
        if (!engineSql.equals(st.text())) {
            return -1;
        }
        int open = msg.indexOf('"');
        int marker = msg.indexOf(MARKER, open + 1);
        if (open < 0 || marker < 0) {
            return -1;
        }
        int at = marker - open - 1;
        String echoed = msg.substring(open + 1, marker) + msg.substring(marker + MARKER.length());
        return echoed.startsWith(engineSql) && at <= engineSql.length() ? at : -1;
    }

    /** The start of the first reference to {@code name} (of a call when {@code call}), qualifiers included. */
    private static int name(String name, List<Token> t, boolean call) {
        if (name == null) {
            return -1;
        }
        String bare = name.substring(name.lastIndexOf('.') + 1);
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            boolean same = (k.kind() == Kind.IDENT && k.value().equals(bare.toLowerCase(Locale.ROOT)))
                    || (k.kind() == Kind.QUOTED_IDENT && k.value().equals(bare));
            boolean isCall = i + 1 < t.size() && t.get(i + 1).kind() == Kind.LPAREN;
            if (same && isCall == call) {
                int first = i;
                while (first >= 2 && t.get(first - 1).kind() == Kind.DOT
                        && (t.get(first - 2).kind() == Kind.IDENT || t.get(first - 2).kind() == Kind.QUOTED_IDENT)) {
                    first -= 2;
                }
                return t.get(first).start();
            }
        }
        return -1;
    }

    private static String firstQuoted(String msg) {
        int a = msg.indexOf('"');
        int b = a < 0 ? -1 : msg.indexOf('"', a + 1);
        return a >= 0 && b > a ? msg.substring(a + 1, b) : null;
    }
}
