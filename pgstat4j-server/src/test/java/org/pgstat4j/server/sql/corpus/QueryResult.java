package org.pgstat4j.server.sql.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.Field;
import org.postgresql.jdbc.PgResultSetMetaData;
import org.postgresql.util.PGInterval;

/**
 * What one side answered to one corpus query, as a client sees it through pgjdbc: the result
 * columns' names and type OIDs and every value as its text (null for NULL), or the error's
 * SQLSTATE and message. Invariant: exactly one of {@code rows} and {@code sqlState} is set.
 *
 * <p>{@link #run} sends the query inside a savepoint of the caller's open transaction, so an
 * error rolls back to it and the transaction (and its statistics snapshot) goes on.
 */
record QueryResult(List<String> columns, List<Integer> typeOids, List<List<String>> rows, String sqlState,
                   String message) {
    private static final Method GET_FIELD;

    static {
        try {
            GET_FIELD = PgResultSetMetaData.class.getDeclaredMethod("getField", int.class);
            GET_FIELD.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    boolean failed() {
        return sqlState != null;
    }

    static QueryResult run(Connection c, CorpusQuery q) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            QueryResult r = q.params().isEmpty() ? simple(c, q.sql()) : prepared(c, q);
            c.releaseSavepoint(sp);
            return r;
        } catch (SQLException e) {
            c.rollback(sp);
            String state = e.getSQLState() == null ? "(none)" : e.getSQLState();
            return new QueryResult(null, null, null, state, String.valueOf(e.getMessage()));
        }
    }

    private static QueryResult simple(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return new QueryResult(List.of(), List.of(), List.of(), null, null);
            }
            try (ResultSet rs = s.getResultSet()) {
                return read(rs);
            }
        }
    }

    private static QueryResult prepared(Connection c, CorpusQuery q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            int i = 1;
            for (CorpusQuery.Param p : q.params()) {
                bind(c, ps, i++, p.type(), p.value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return read(rs);
            }
        }
    }

    /** Binds as an application would with pgjdbc's typed setters, so the driver chooses the parameter OIDs. */
    private static void bind(Connection c, PreparedStatement ps, int i, String type, JsonNode v) throws SQLException {
        if (type.startsWith("null:")) {
            ps.setNull(i, switch (type.substring(5)) {
                case "int4" -> Types.INTEGER;
                case "timestamptz" -> Types.TIMESTAMP_WITH_TIMEZONE;
                default -> Types.VARCHAR;
            });
            return;
        }
        if (type.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            Object[] items = new Object[v.size()];
            for (int k = 0; k < v.size(); k++) {
                JsonNode e = v.get(k);
                items[k] = e.isNull() ? null : switch (element) {
                    case "int4" -> e.asInt();
                    case "int8" -> e.asLong();
                    case "numeric" -> new BigDecimal(e.asText());
                    default -> e.asText();
                };
            }
            ps.setArray(i, c.createArrayOf(element, items));
            return;
        }
        String s = v.asText();
        switch (type) {
            case "timestamptz" -> ps.setObject(i, OffsetDateTime.parse(s));
            case "timestamp" -> ps.setTimestamp(i, Timestamp.valueOf(LocalDateTime.parse(s)));
            case "date" -> ps.setObject(i, LocalDate.parse(s));
            case "numeric" -> ps.setBigDecimal(i, new BigDecimal(s));
            case "interval" -> ps.setObject(i, new PGInterval(s));
            case "int4" -> ps.setInt(i, Integer.parseInt(s));
            case "int8" -> ps.setLong(i, Long.parseLong(s));
            case "oid" -> ps.setObject(i, Long.parseLong(s), Types.BIGINT);
            case "float8" -> ps.setDouble(i, Double.parseDouble(s));
            case "bool" -> ps.setBoolean(i, Boolean.parseBoolean(s));
            case "text" -> ps.setString(i, s);
            default -> throw new IllegalArgumentException("unknown parameter type " + type);
        }
    }

    private static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<Integer> oids = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            oids.add(oid(md, i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new QueryResult(List.copyOf(names), List.copyOf(oids), rows, null, null);
    }

    /** The column's type OID as the RowDescription carried it (pgjdbc keeps it, but does not publish it). */
    private static int oid(ResultSetMetaData md, int column) throws SQLException {
        try {
            return ((Field) GET_FIELD.invoke(md.unwrap(PgResultSetMetaData.class), column)).getOID();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("cannot read the column's type OID", e);
        }
    }

    String summary() {
        if (failed()) {
            return "ERROR " + sqlState + " " + message;
        }
        StringBuilder b = new StringBuilder().append(columns).append(' ').append(typeOids).append(' ');
        b.append(rows.size()).append(" rows");
        for (int i = 0; i < Math.min(rows.size(), 3); i++) {
            b.append(' ').append(rows.get(i));
        }
        return b.toString();
    }
}
