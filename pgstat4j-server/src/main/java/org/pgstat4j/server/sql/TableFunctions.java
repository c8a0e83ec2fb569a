package org.pgstat4j.server.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.h2.tools.SimpleResultSet;
import org.pgstat4j.view.Column;
import org.pgstat4j.view.PgType;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The set-returning functions behind the views and catalog tables, and PostgreSQL's
 * record-returning statistics functions ({@code pg_stat_get_wal()} etc., usable in
 * {@code FROM}). Each public static method becomes a SQL function of its name.
 *
 * <p>Invariant: the engine first calls each of them with a "column list" connection to learn
 * the columns; that call returns no rows and reads no statistics, so the schema can be built
 * and statements prepared without a session. Rows always come from the calling session's
 * current snapshot.
 */
public final class TableFunctions {
    private static final String COLUMN_LIST_URL = "jdbc:columnlist:connection";

    private TableFunctions() {
    }

    /** {@code pgstat4j_view(name)}: the rows of statistics view {@code name}. */
    public static ResultSet pgstat4j_view(Connection c, String name) throws SQLException {
        ViewDefinition v = view(name);
        return result(c, v.columns(), () -> v.rows(SqlSession.current().viewContext()));
    }

    /** {@code pgstat4j_catalog(name)}: the rows of catalog table {@code name}. */
    public static ResultSet pgstat4j_catalog(Connection c, String name) throws SQLException {
        List<Column> columns = CatalogTables.COLUMNS.get(name);
        if (columns == null) {
            throw new SQLException("no catalog table " + name);
        }
        return result(c, columns, () -> CatalogTables.rows(name, SqlSession.current()));
    }

    /** {@code pgstat4j_system(name)}: the rows of system view {@code name} ({@link SystemViews}). */
    public static ResultSet pgstat4j_system(Connection c, String name) throws SQLException {
        List<SystemViews.Col> columns = SystemViews.COLUMNS.get(name);
        if (columns == null) {
            throw new SQLException("no system view " + name);
        }
        return wireResult(c, columns, () -> SystemViews.rows(name, SqlSession.current()));
    }

    /** {@code pgstat4j_describe(name)}: the rows of catalog table {@code name} of {@link DescribeCatalog}. */
    public static ResultSet pgstat4j_describe(Connection c, String name) throws SQLException {
        List<SystemViews.Col> columns = DescribeCatalog.COLUMNS.get(name);
        if (columns == null) {
            throw new SQLException("no catalog table " + name);
        }
        return wireResult(c, columns, () -> DescribeCatalog.rows(name, SqlSession.current()));
    }

    private static ResultSet wireResult(Connection c, List<SystemViews.Col> columns, Rows rows) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        for (SystemViews.Col col : columns) {
            switch (col.type()) {
                case BOOL -> rs.addColumn(col.name(), Types.BOOLEAN, 1, 0);
                case OID, INT8, XID -> rs.addColumn(col.name(), Types.BIGINT, 64, 0);
                case INT2 -> rs.addColumn(col.name(), Types.SMALLINT, 16, 0);
                case INT4 -> rs.addColumn(col.name(), Types.INTEGER, 32, 0);
                case TIMESTAMPTZ -> rs.addColumn(col.name(), Types.TIMESTAMP_WITH_TIMEZONE, 32, 6);
                default -> rs.addColumn(col.name(), Types.VARCHAR, Integer.MAX_VALUE, 0);
            }
        }
        if (COLUMN_LIST_URL.equals(c.getMetaData().getURL())) {
            return rs;
        }
        for (Object[] row : rows.get()) {
            rs.addRow(row);
        }
        return rs;
    }

    public static ResultSet pg_stat_get_wal(Connection c) throws SQLException {
        return result(c, view("pg_stat_wal").columns(),
                () -> List.<Object[]>of(SqlSession.current().functions().wal()));
    }

    public static ResultSet pg_stat_get_archiver(Connection c) throws SQLException {
        return result(c, view("pg_stat_archiver").columns(),
                () -> List.<Object[]>of(SqlSession.current().functions().archiver()));
    }

    public static ResultSet pg_stat_get_slru(Connection c) throws SQLException {
        return result(c, view("pg_stat_slru").columns(), () -> SqlSession.current().functions().slru());
    }

    /**
     * {@code pg_stat_get_replication_slot(name)}: a slot's counters (zeros for a name without
     * an entry). The function is not strict: NULL gives a NULL record, i.e. one row of NULLs.
     */
    public static ResultSet pg_stat_get_replication_slot(Connection c, String name) throws SQLException {
        List<Column> columns = view("pg_stat_replication_slots").columns();
        return result(c, columns, () -> List.<Object[]>of(name == null
                ? new Object[columns.size()]
                : SqlSession.current().functions().replicationSlot(name)));
    }

    private static ViewDefinition view(String name) throws SQLException {
        return Views.byName(name).orElseThrow(() -> new SQLException("no statistics view " + name));
    }

    @FunctionalInterface
    private interface Rows {
        List<Object[]> get();
    }

    private static ResultSet result(Connection c, List<Column> columns, Rows rows) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        for (Column col : columns) {
            switch (col.type()) {
                case BOOL -> rs.addColumn(col.name(), Types.BOOLEAN, 1, 0);
                // Unsigned OIDs live in a 64-bit integer so that they compare and sort as PostgreSQL's do.
                case OID, INT8 -> rs.addColumn(col.name(), Types.BIGINT, 64, 0);
                case INT4 -> rs.addColumn(col.name(), Types.INTEGER, 32, 0);
                case NAME -> rs.addColumn(col.name(), Types.VARCHAR, 63, 0);
                case TEXT -> rs.addColumn(col.name(), Types.VARCHAR, Integer.MAX_VALUE, 0);
                case FLOAT8 -> rs.addColumn(col.name(), Types.DOUBLE, 53, 0);
                case TIMESTAMPTZ -> rs.addColumn(col.name(), Types.TIMESTAMP_WITH_TIMEZONE, 32, 6);
                case NUMERIC -> rs.addColumn(col.name(), Types.NUMERIC, 100_000, 0);
            }
        }
        if (COLUMN_LIST_URL.equals(c.getMetaData().getURL())) {
            return rs;
        }
        for (Object[] row : rows.get()) {
            Object[] out = new Object[row.length];
            for (int i = 0; i < row.length; i++) {
                out[i] = engineValue(columns.get(i).type(), row[i]);
            }
            rs.addRow(out);
        }
        return rs;
    }

    /** A view value as the engine holds it. */
    static Object engineValue(PgType type, Object v) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case OID -> Integer.toUnsignedLong((Integer) v);
            case TIMESTAMPTZ -> OffsetDateTime.ofInstant((Instant) v, ZoneOffset.UTC);
            case NUMERIC -> v instanceof BigInteger b ? new BigDecimal(b) : v;
            default -> v;
        };
    }
}
