package org.pgstat4j.server.sql;

import org.pgstat4j.backend.SqlStateException;

/**
 * An error to report to the client as PostgreSQL does: severity ({@code ERROR}, or
 * {@code FATAL} when the connection ends after it, or {@code WARNING} for a notice),
 * SQLSTATE, message, and an optional detail and hint. Every failure the SQL endpoint reports is one of these, so that clients see
 * PostgreSQL's codes and never the engine's.
 */
final class PgError extends Exception {
    static final String SYNTAX_ERROR = "42601";
    static final String UNDEFINED_TABLE = "42P01";
    static final String UNDEFINED_COLUMN = "42703";
    static final String UNDEFINED_FUNCTION = "42883";
    static final String UNDEFINED_OBJECT = "42704";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String PROTOCOL_VIOLATION = "08P01";
    static final String READ_ONLY_TRANSACTION = "25006";
    static final String IN_FAILED_TRANSACTION = "25P02";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String INVALID_TEXT_REPRESENTATION = "22P02";
    static final String CANT_CHANGE_RUNTIME_PARAM = "55P02";
    static final String QUERY_CANCELED = "57014";
    static final String INVALID_PASSWORD = "28P01";
    static final String INVALID_AUTHORIZATION = "28000";
    static final String INVALID_CATALOG_NAME = "3D000";
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final String INVALID_PREPARED_STATEMENT = "26000";
    static final String INVALID_CURSOR_NAME = "34000";
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";
    static final String INVALID_NAME = "42602";
    static final String INTERNAL_ERROR = "XX000";
    static final String OUT_OF_MEMORY = "53200";
    static final String CONNECTION_FAILURE = "08006";
    static final String CRASH_SHUTDOWN = "57P02";

    private final String severity;
    private final String sqlState;
    private final String detail;
    private final String hint;
    /** 1-based character position in the query string the error refers to; 0 for none. */
    private int position;

    PgError(boolean fatal, String sqlState, String message, String detail, String hint) {
        this(fatal ? "FATAL" : "ERROR", sqlState, message, detail, hint);
    }

    private PgError(String severity, String sqlState, String message, String detail, String hint) {
        super(message, null, false, false);
        this.severity = severity;
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
    }

    static PgError error(String sqlState, String message) {
        return new PgError(false, sqlState, message, null, null);
    }

    static PgError error(String sqlState, String message, String hint) {
        return new PgError(false, sqlState, message, null, hint);
    }

    static PgError fatal(String sqlState, String message) {
        return new PgError(true, sqlState, message, null, null);
    }

    /** A {@code WARNING} notice: reported, but the statement goes on. */
    static PgError warning(String sqlState, String message) {
        return new PgError("WARNING", sqlState, message, null, null);
    }

    /** A statistics function's error, unchanged. */
    static PgError of(SqlStateException e) {
        return new PgError(false, e.sqlState(), e.getMessage(), null, e.hint());
    }

    boolean fatal() {
        return severity.equals("FATAL");
    }

    String severity() {
        return severity;
    }

    String sqlState() {
        return sqlState;
    }

    String detail() {
        return detail;
    }

    String hint() {
        return hint;
    }

    int position() {
        return position;
    }

    /** This error, pointing at 1-based character {@code position} of the query string (0: none). */
    PgError at(int position) {
        this.position = position;
        return this;
    }

    @Override
    public String toString() {
        return severity() + " " + sqlState + ": " + getMessage() + (hint == null ? "" : " HINT: " + hint);
    }
}
