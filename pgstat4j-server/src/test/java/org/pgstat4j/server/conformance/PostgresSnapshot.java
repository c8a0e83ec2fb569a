package org.pgstat4j.server.conformance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.view.SortKey;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * PostgreSQL 14's own statistics views read in one transaction — so in one statistics snapshot,
 * from one stats file — as PostgreSQL's text output in psql's default settings (TimeZone UTC,
 * DateStyle ISO, extra_float_digits 1), each view in the order pgstat4j's views export them.
 *
 * <p>Invariant: the transaction stays open until {@link #close()}, so the session sends the
 * collector nothing after the snapshot's INQUIRY while the comparison runs.
 */
final class PostgresSnapshot implements AutoCloseable {
    /** Views computed from a session's pending counters, not from the collector. */
    static boolean collectorFed(ViewDefinition v) {
        return !v.name().startsWith("pg_stat_xact_");
    }

    private final Connection connection;
    private final Map<String, List<List<String>>> rows = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> logicalSlots;

    private PostgresSnapshot(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, MDY'");
            s.execute("SET extra_float_digits = 1");
        }
        connection.setAutoCommit(false);
        for (ViewDefinition v : Views.all()) {
            if (collectorFed(v)) {
                read(v.name(), "SELECT * FROM " + v.name() + orderBy(v));
            }
        }
        logicalSlots = RealPostgres14.query(connection,
                "SELECT slot_name FROM pg_replication_slots WHERE database IS NOT NULL ORDER BY slot_name")
                .stream().map(List::getFirst).toList();
    }

    private void read(String view, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.add(md.getColumnLabel(i));
            }
            headers.put(view, header);
            while (r.next()) {
                List<String> row = new ArrayList<>(header.size());
                for (int i = 1; i <= header.size(); i++) {
                    row.add(r.getString(i));
                }
                out.add(row);
            }
        }
        rows.put(view, out);
    }

    /** Takes the snapshot of database {@code database}'s session; the transaction stays open. */
    static PostgresSnapshot take(RealPostgres14 pg, String database) throws SQLException {
        Connection c = pg.connect(database);
        try {
            return new PostgresSnapshot(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** pgstat4j's export order as SQL: the sort keys, then the first column. */
    static String orderBy(ViewDefinition v) {
        List<String> keys = new ArrayList<>();
        for (SortKey k : v.exportOrder()) {
            keys.add(k.column() + (k.nullsFirst() ? " NULLS FIRST" : ""));
        }
        keys.add(v.columnNames().getFirst());
        return " ORDER BY " + String.join(", ", keys);
    }

    /** A view's rows as PostgreSQL's text (null = NULL). */
    List<List<String>> rows(String view) {
        return rows.get(view);
    }

    /** A view's column names as PostgreSQL returned them. */
    List<String> header(String view) {
        return headers.get(view);
    }

    List<String> views() {
        return List.copyOf(rows.keySet());
    }

    /** The logical replication slots that exist (pg_stat_replication_slots shows only those). */
    List<String> logicalSlots() {
        return logicalSlots;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
