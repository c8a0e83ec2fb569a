package org.pgstat4j.server.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;

/**
 * One prepared statement of a session (named or unnamed): its text, its parameter types,
 * the columns it returns (null: no rows), and either the engine statement or the session
 * command that runs it. Owns the engine statement until {@link #close()}.
 */
record PreparedQuery(String text, SessionCommand command, PreparedStatement jdbc, List<ResultColumn> columns,
                     WireType[] paramTypes, String tagWord) implements AutoCloseable {
    static PreparedQuery empty(String text) {
        return new PreparedQuery(text, null, null, null, new WireType[0], null);
    }

    static PreparedQuery command(String text, SessionCommand c, List<ResultColumn> columns, WireType[] types) {
        return new PreparedQuery(text, c, null, columns, types, null);
    }

    static PreparedQuery engine(String text, PreparedStatement ps, List<ResultColumn> columns, WireType[] types,
                                String tagWord) {
        return new PreparedQuery(text, null, ps, columns, types, tagWord);
    }

    boolean isEmpty() {
        return command == null && jdbc == null;
    }

    @Override
    public void close() {
        if (jdbc != null) {
            try {
                jdbc.close();
            } catch (SQLException ignored) {
                // closing an in-memory engine statement cannot fail in a way that matters
            }
        }
    }
}
