package org.pgstat4j.server.sql.corpus;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The engine-choice experiment's alternative engine: an in-memory DuckDB (JDBC, loaded by name,
 * so the test compiles without it) with external access disabled and its configuration
 * locked, holding the statistics views and catalog tables as plain tables copied from one
 * pgstat4j snapshot. Values come back formatted as PostgreSQL's text output would show them
 * (t/f, ISO timestamps in UTC, plain decimals), as a wire layer over DuckDB would have to.
 * Invariant: after {@link #load} nothing but queries reach the engine.
 */
final class DuckDbSide implements EngineSide {
    static final List<String> RELATIONS = List.of("pg_stat_all_tables", "pg_stat_sys_tables", "pg_stat_user_tables",
            "pg_stat_xact_all_tables", "pg_stat_xact_sys_tables", "pg_stat_xact_user_tables",
            "pg_statio_all_tables", "pg_statio_sys_tables", "pg_statio_user_tables", "pg_stat_all_indexes",
            "pg_stat_sys_indexes", "pg_stat_user_indexes", "pg_statio_all_indexes", "pg_statio_sys_indexes",
            "pg_statio_user_indexes", "pg_statio_all_sequences", "pg_statio_sys_sequences",
            "pg_statio_user_sequences", "pg_stat_user_functions", "pg_stat_xact_user_functions", "pg_stat_database",
            "pg_stat_database_conflicts", "pg_stat_bgwriter", "pg_stat_wal", "pg_stat_slru", "pg_stat_archiver",
            "pg_stat_replication_slots", "pg_database", "pg_namespace", "pg_class", "pg_index", "pg_proc", "pg_type");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private final Connection duck;
    private final long loadNanos;

    private DuckDbSide(Connection duck, long loadNanos) {
        this.duck = duck;
        this.loadNanos = loadNanos;
    }

    static Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("enable_external_access", "false");
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            // without the ICU time zone support the engine's time zone is UTC anyway
        }
        return c;
    }

    /** Copies every relation of {@link #RELATIONS} from pgstat4j (one snapshot: {@code ours} in a transaction). */
    static DuckDbSide load(Connection ours) throws SQLException {
        Connection duck = open();
        long t0 = System.nanoTime();
        for (String rel : RELATIONS) {
            QueryResult r = QueryResult.run(ours, new CorpusQuery(rel, "-", "-", "-", "SELECT * FROM " + rel, List.of()));
            if (r.failed()) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            List<String> marks = new ArrayList<>();
            for (int i = 0; i < r.columns().size(); i++) {
                String type = duckType(r.typeOids().get(i));
                cols.add('"' + r.columns().get(i) + "\" " + type);
                marks.add("CAST(? AS " + type + ")");
            }
            try (Statement s = duck.createStatement()) {
                s.execute("CREATE TABLE main." + rel + " (" + String.join(", ", cols) + ")");
            }
            try (PreparedStatement ps = duck.prepareStatement(
                    "INSERT INTO main." + rel + " VALUES (" + String.join(", ", marks) + ")")) {
                for (List<String> row : r.rows()) {
                    for (int i = 0; i < row.size(); i++) {
                        ps.setString(i + 1, row.get(i));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        long loaded = System.nanoTime() - t0;
        try (Statement s = duck.createStatement()) {
            s.execute("SET lock_configuration = true");
        }
        return new DuckDbSide(duck, loaded);
    }

    static String duckType(int oid) {
        return switch (oid) {
            case 16 -> "BOOLEAN";
            case 20, 26, 28 -> "BIGINT";
            case 21 -> "SMALLINT";
            case 23 -> "INTEGER";
            case 700, 701 -> "DOUBLE";
            case 1700 -> "DECIMAL(38,10)";
            case 1184 -> "TIMESTAMPTZ";
            case 1114 -> "TIMESTAMP";
            default -> "VARCHAR";
        };
    }

    @Override
    public long loadNanos() {
        return loadNanos;
    }

    /** The query's answer on DuckDB: names and values as PostgreSQL text, or its error (SQLSTATE as DuckDB gives it). */
    @Override
    public QueryResult run(String sql) {
        try (Statement s = duck.createStatement()) {
            if (!s.execute(sql)) {
                return new QueryResult(List.of(), List.of(), List.of(), null, null);
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String> names = new ArrayList<>();
                List<Integer> none = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    names.add(md.getColumnLabel(i));
                    none.add(0);
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(text(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new QueryResult(names, none, rows, null, null);
            }
        } catch (SQLException | RuntimeException e) {
            String state = e instanceof SQLException q && q.getSQLState() != null ? q.getSQLState() : "duckdb";
            return new QueryResult(null, null, null, state, String.valueOf(e.getMessage()));
        }
    }

    /** A DuckDB value as PostgreSQL's text output shows the same value. */
    static String text(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (v instanceof OffsetDateTime t) {
            String s = TS.format(t.withOffsetSameInstant(ZoneOffset.UTC));
            return s.replaceFirst("\\.?0+$", "") + "+00";
        }
        if (v instanceof java.sql.Timestamp t) {
            return text(t.toInstant().atOffset(ZoneOffset.UTC));
        }
        if (v instanceof Array a) {
            List<String> items = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) {
                items.add(o == null ? "NULL" : text(o));
            }
            return "{" + String.join(",", items) + "}";
        }
        return v.toString();
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}
