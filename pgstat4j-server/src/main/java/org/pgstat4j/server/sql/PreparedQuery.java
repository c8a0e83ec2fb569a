package org.pgstat4j.server.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;

/**
 * One prepared statement of a session (named or unnamed): its text, its parameter types,
 * the columns it returns (null: no rows), and either the engine statement or the session
 * command that runs it.
 *
 * <p>Portals are independent of their statement once bound, as in PostgreSQL: the engine
 * statement serves one execution at a time, so an execution that finds it still lent to an
 * open portal gets a statement of its own, and closing the prepared statement while a portal
 * reads from it defers the engine statement's close until that portal is done.
 */
final class PreparedQuery implements AutoCloseable {
    private final String text;
    private final SessionCommand command;
    private final String engineSql;
    private final PreparedStatement jdbc;
    private final List<ResultColumn> columns;
    private final WireType[] paramTypes;
    private final String tagWord;
    private boolean lent;
    private boolean closed;

    private PreparedQuery(String text, SessionCommand command, String engineSql, PreparedStatement jdbc,
                          List<ResultColumn> columns, WireType[] paramTypes, String tagWord) {
        this.text = text;
        this.command = command;
        this.engineSql = engineSql;
        this.jdbc = jdbc;
        this.columns = columns;
        this.paramTypes = paramTypes;
        this.tagWord = tagWord;
    }

    static PreparedQuery empty(String text) {
        return new PreparedQuery(text, null, null, null, null, new WireType[0], null);
    }

    static PreparedQuery command(String text, SessionCommand c, List<ResultColumn> columns, WireType[] types) {
        return new PreparedQuery(text, c, null, null, columns, types, null);
    }

    static PreparedQuery engine(String text, String engineSql, PreparedStatement ps, List<ResultColumn> columns,
                                WireType[] types, String tagWord) {
        return new PreparedQuery(text, null, engineSql, ps, columns, types, tagWord);
    }

    String text() {
        return text;
    }

    SessionCommand command() {
        return command;
    }

    /** The columns of its rows; null when it returns none. */
    List<ResultColumn> columns() {
        return columns;
    }

    WireType[] paramTypes() {
        return paramTypes;
    }

    String tagWord() {
        return tagWord;
    }

    boolean isEmpty() {
        return command == null && jdbc == null;
    }

    /** The engine statement for one execution; hand it back with {@link #giveBack}. */
    PreparedStatement borrow(Connection c) throws SQLException {
        if (!lent && !closed) {
            lent = true;
            return jdbc;
        }
        return c.prepareStatement(engineSql);
    }

    /** The execution that borrowed {@code ps} is done. */
    void giveBack(PreparedStatement ps) {
        if (ps != jdbc) {
            closeQuietly(ps);
            return;
        }
        lent = false;
        if (closed) {
            closeQuietly(jdbc);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!lent && jdbc != null) {
            closeQuietly(jdbc);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // closing an in-memory engine statement cannot fail in a way that matters
        }
    }
}
