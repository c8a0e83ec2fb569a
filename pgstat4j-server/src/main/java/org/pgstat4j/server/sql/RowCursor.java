package org.pgstat4j.server.sql;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;

/**
 * The rows of one executed statement, read one at a time so that a portal can be executed
 * in pieces ({@code Execute} with a row limit). Values are Java values ready for
 * {@link WireType#text} / {@link WireType#binary}. Counts what it handed out for the
 * command tag ({@code SELECT n}).
 */
abstract class RowCursor implements AutoCloseable {
    private final List<ResultColumn> columns;
    private final String tagWord;
    private long count;

    RowCursor(List<ResultColumn> columns, String tagWord) {
        this.columns = columns;
        this.tagWord = tagWord;
    }

    List<ResultColumn> columns() {
        return columns;
    }

    /** The next row, or null after the last. */
    final Object[] next() throws PgError {
        Object[] r = fetch();
        if (r != null) {
            count++;
        }
        return r;
    }

    abstract Object[] fetch() throws PgError;

    /** The command tag once the rows are done: {@code SELECT 3}, {@code SHOW}, ... */
    String tag() {
        return tagWord.equals("SELECT") ? "SELECT " + count : tagWord;
    }

    @Override
    public void close() {
    }

    /** Rows computed by this endpoint itself (SHOW). */
    static RowCursor of(List<ResultColumn> columns, String tagWord, List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        return new RowCursor(columns, tagWord) {
            @Override
            Object[] fetch() {
                return it.hasNext() ? it.next() : null;
            }
        };
    }

    /** The way into the engine for producing rows: held around each row, errors translated. */
    interface Engine {
        void enter() throws PgError;

        void leave();

        PgError translate(SQLException e);
    }

    /** Rows of the engine, produced as they are fetched; {@code finished} runs when they end or fail. */
    static RowCursor of(List<ResultColumn> columns, String tagWord, ResultSet rs, Engine engine, Runnable onFinish) {
        return new RowCursor(columns, tagWord) {
            private boolean finishedOnce;

            private void finished() {
                if (!finishedOnce) {
                    finishedOnce = true;
                    onFinish.run();
                }
            }

            @Override
            Object[] fetch() throws PgError {
                if (finishedOnce) {
                    return null;
                }
                try {
                    engine.enter();
                } catch (PgError e) {
                    finished();
                    throw e;
                }
                try {
                    if (!rs.next()) {
                        finished();
                        return null;
                    }
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = scaled(value(rs, i + 1, columns.get(i).type()), columns.get(i).scale());
                    }
                    return row;
                } catch (SQLException e) {
                    finished();
                    throw engine.translate(e);
                } finally {
                    engine.leave();
                }
            }

            @Override
            public void close() {
                finished();
                try {
                    rs.close();
                } catch (SQLException ignored) {
                    // closing a materialised in-memory result cannot fail in a way that matters
                }
            }
        };
    }

    /** A numeric value with the scale its column is sent with (PostgreSQL's {@code extract}). */
    private static Object scaled(Object v, int scale) {
        if (scale < 0 || v == null) {
            return v;
        }
        java.math.BigDecimal d = v instanceof java.math.BigDecimal b ? b : new java.math.BigDecimal(v.toString());
        return d.setScale(scale, java.math.RoundingMode.HALF_EVEN);
    }

    private static Object value(ResultSet rs, int i, WireType type) throws SQLException {
        Object v = switch (type) {
            case TIMESTAMPTZ -> rs.getObject(i, OffsetDateTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case DATE -> rs.getObject(i, LocalDate.class);
            case BYTEA -> rs.getBytes(i);
            case REGCLASS -> Regclass.shown(rs.getObject(i), SqlSession.current().catalog());
            default -> rs.getObject(i);
        };
        if (v instanceof Array a) {
            // an array type writes each element by its element type; any other column gets the array's text
            return type.element() != null ? (Object[]) a.getArray() : arrayText((Object[]) a.getArray());
        }
        return v;
    }

    /** PostgreSQL's array output for a one-dimensional array of simple values. */
    static String arrayText(Object[] values) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            Object v = values[i];
            if (v == null) {
                s.append("NULL");
            } else {
                String t = v.toString();
                boolean quote = t.isEmpty() || t.equalsIgnoreCase("null") || t.chars().anyMatch(c -> "{},\"\\ ".indexOf(c) >= 0);
                s.append(quote ? "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : t);
            }
        }
        return s.append('}').toString();
    }
}
