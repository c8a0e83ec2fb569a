package org.pgstat4j.backend;

/**
 * An error a SQL user caused, as PostgreSQL reports it: a five-character SQLSTATE, the
 * primary message and an optional hint (e.g. 22023 {@code unrecognized reset target: "foo"}).
 * The SQL surface turns it into an ErrorResponse unchanged.
 *
 * <p>The one way to misuse it: catching it and going on. It is the SQL user's error: report it
 * to the client unchanged (SQLSTATE, message, hint).
 */
public final class SqlStateException extends RuntimeException {
    /** {@code ERRCODE_INVALID_PARAMETER_VALUE}. */
    public static final String INVALID_PARAMETER_VALUE = "22023";

    private final String sqlState;
    private final String hint;

    public SqlStateException(String sqlState, String message, String hint) {
        super(message);
        this.sqlState = sqlState;
        this.hint = hint;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The hint, or {@code null}. */
    public String hint() {
        return hint;
    }

    @Override
    public String toString() {
        return "ERROR " + sqlState + ": " + getMessage() + (hint == null ? "" : " HINT: " + hint);
    }
}
