package org.pgstat4j.server.sql;

import java.sql.SQLException;
import java.util.List;
import org.h2.api.ErrorCode;
import org.pgstat4j.backend.SqlStateException;

/**
 * Turns the engine's errors into PostgreSQL's: the SQLSTATE PostgreSQL uses for the same
 * mistake and a message in PostgreSQL's words ({@code relation "x" does not exist},
 * {@code syntax error at or near "x"}). An error raised by a statistics function keeps its
 * own SQLSTATE, message and hint. The engine's own text (its SQL echo and version suffix) is
 * never shown.
 */
final class EngineErrors {
    private EngineErrors() {
    }

    static PgError translate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SqlStateException s) {
                return PgError.of(s);
            }
        }
        String msg = bareMessage(e.getMessage());
        String quoted = firstQuoted(msg);
        return switch (e.getErrorCode()) {
            case ErrorCode.SYNTAX_ERROR_1, ErrorCode.SYNTAX_ERROR_2 ->
                    PgError.error(PgError.SYNTAX_ERROR, syntaxMessage(msg));
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1, ErrorCode.TABLE_OR_VIEW_NOT_FOUND_WITH_CANDIDATES_2,
                 ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1 ->
                    PgError.error(PgError.UNDEFINED_TABLE, "relation \"" + quoted + "\" does not exist");
            case ErrorCode.SCHEMA_NOT_FOUND_1 ->
                    PgError.error("3F000", "schema \"" + quoted + "\" does not exist");
            case ErrorCode.COLUMN_NOT_FOUND_1 ->
                    PgError.error(PgError.UNDEFINED_COLUMN, "column \"" + quoted + "\" does not exist");
            case ErrorCode.DUPLICATE_COLUMN_NAME_1, ErrorCode.AMBIGUOUS_COLUMN_NAME_1 ->
                    PgError.error("42702", "column reference \"" + quoted + "\" is ambiguous");
            case ErrorCode.FUNCTION_NOT_FOUND_1, ErrorCode.METHOD_NOT_FOUND_1 ->
                    PgError.error(PgError.UNDEFINED_FUNCTION, "function " + functionName(quoted) + " does not exist",
                            "No function matches the given name and argument types. "
                                    + "You might need to add explicit type casts.");
            case ErrorCode.MUST_GROUP_BY_COLUMN_1 ->
                    PgError.error("42803", "column \"" + quoted + "\" must appear in the GROUP BY clause or be used in"
                            + " an aggregate function");
            case ErrorCode.DOMAIN_NOT_FOUND_1 ->
                    // a PostgreSQL type name the engine has no type for (regtype, a qualified pg_catalog.x, ...)
                    PgError.error(PgError.FEATURE_NOT_SUPPORTED, "type " + quoted.toLowerCase(java.util.Locale.ROOT)
                            + " is not supported");
            case ErrorCode.UNKNOWN_DATA_TYPE_1 ->
                    PgError.error(PgError.UNDEFINED_OBJECT, "type \"" + quoted.toLowerCase(java.util.Locale.ROOT)
                            + "\" does not exist");
            case ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1 ->
                    PgError.error(PgError.INSUFFICIENT_PRIVILEGE, "permission denied for " + quoted);
            case ErrorCode.ADMIN_RIGHTS_REQUIRED ->
                    PgError.error(PgError.INSUFFICIENT_PRIVILEGE, "permission denied");
            case ErrorCode.DIVISION_BY_ZERO_1 -> PgError.error("22012", "division by zero");
            case ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_1, ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_2 ->
                    PgError.error("22003", "value out of range");
            case ErrorCode.DATA_CONVERSION_ERROR_1, ErrorCode.INVALID_DATETIME_CONSTANT_2 ->
                    PgError.error(PgError.INVALID_TEXT_REPRESENTATION, "invalid input syntax: " + msg);
            case ErrorCode.STATEMENT_WAS_CANCELED ->
                    PgError.error(PgError.QUERY_CANCELED, "canceling statement due to user request");
            case ErrorCode.FEATURE_NOT_SUPPORTED_1 ->
                    PgError.error(PgError.FEATURE_NOT_SUPPORTED, msg);
            case ErrorCode.VALUE_TOO_LONG_2 -> PgError.error("22001", msg);
            case ErrorCode.OUT_OF_MEMORY -> PgError.error("53200", "out of memory");
            default -> PgError.error(pgClass(e.getSQLState()), msg);
        };
    }

    /** The engine's message without its SQL echo and version suffix. */
    static String bareMessage(String m) {
        if (m == null) {
            return "";
        }
        int sqlEcho = m.indexOf("; SQL statement:");
        if (sqlEcho >= 0) {
            m = m.substring(0, sqlEcho);
        }
        return m.replaceAll(" \\[[0-9]{5}-[0-9]+]$", "").strip();
    }

    private static String firstQuoted(String msg) {
        int a = msg.indexOf('"');
        int b = a < 0 ? -1 : msg.indexOf('"', a + 1);
        return a >= 0 && b > a ? msg.substring(a + 1, b) : msg;
    }

    private static String functionName(String quoted) {
        String n = quoted;
        int paren = n.indexOf('(');
        if (paren >= 0) {
            n = n.substring(0, paren).strip();
        }
        if (n.startsWith(EngineDatabase.SCHEMA + ".")) {
            n = n.substring(EngineDatabase.SCHEMA.length() + 1);
        }
        return n;
    }

    /** {@code syntax error at or near "tok"} from the engine's {@code [*]} marker. */
    private static String syntaxMessage(String msg) {
        int open = msg.indexOf('"');
        int marker = msg.indexOf("[*]");
        if (open < 0 || marker < open) {
            return "syntax error";
        }
        int close = msg.indexOf("\"; expected", marker);
        if (close < 0) {
            close = msg.lastIndexOf('"');
        }
        String rest = msg.substring(marker + 3, close > marker ? close : msg.length());
        try {
            List<SqlLexer.Token> tokens = SqlLexer.tokenize(rest);
            if (tokens.isEmpty()) {
                return "syntax error at end of input";
            }
            SqlLexer.Token t = tokens.get(0);
            return "syntax error at or near \"" + rest.substring(t.start(), t.end()) + "\"";
        } catch (SqlLexer.LexException x) {
            String word = rest.strip().split("\\s+", 2)[0];
            return word.isEmpty() ? "syntax error at end of input" : "syntax error at or near \"" + word + "\"";
        }
    }

    /** The engine's SQLSTATE when PostgreSQL uses that class the same way, else internal error. */
    private static String pgClass(String state) {
        if (state != null && state.length() == 5 && (state.startsWith("22") || state.startsWith("23"))) {
            return state;
        }
        return PgError.INTERNAL_ERROR;
    }
}
