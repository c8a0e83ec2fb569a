package org.pgstat4j.server.sql.corpus;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The engine-choice experiment's second alternative: Apache Calcite 1.42 with its Babel parser
 * and PostgreSQL function library, holding the statistics views and catalog tables as in-memory
 * tables in a schema {@code pg_catalog} copied from one pgstat4j snapshot. Compiled only with
 * the {@code engine-experiment} profile (the default build excludes this file).
 * Invariant: after {@link #load} nothing but queries reach the engine.
 */
final class CalciteSide implements EngineSide {
    private static final DateTimeFormatter PG_TS = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).appendPattern("x").toFormatter();

    private final Connection calcite;
    private final long loadNanos;

    private CalciteSide(Connection calcite, long loadNanos) {
        this.calcite = calcite;
        this.loadNanos = loadNanos;
    }

    static CalciteSide load(Connection ours) throws SQLException {
        Properties p = new Properties();
        p.setProperty("parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY");
        p.setProperty("conformance", "BABEL");
        p.setProperty("fun", "standard,postgresql");
        p.setProperty("unquotedCasing", "TO_LOWER");
        p.setProperty("quotedCasing", "UNCHANGED");
        p.setProperty("quoting", "DOUBLE_QUOTE");
        p.setProperty("caseSensitive", "true");
        p.setProperty("timeZone", "UTC");
        Connection c = DriverManager.getConnection("jdbc:calcite:", p);
        long t0 = System.nanoTime();
        CalciteConnection cc = c.unwrap(CalciteConnection.class);
        SchemaPlus schema = cc.getRootSchema().add("pg_catalog", new AbstractSchema());
        for (String rel : DuckDbSide.RELATIONS) {
            QueryResult r = QueryResult.run(ours, new CorpusQuery(rel, "-", "-", "-", "SELECT * FROM " + rel, List.of()));
            if (!r.failed()) {
                schema.add(rel, new RowsTable(r));
            }
        }
        cc.setSchema("pg_catalog");
        return new CalciteSide(c, System.nanoTime() - t0);
    }

    @Override
    public long loadNanos() {
        return loadNanos;
    }

    @Override
    public QueryResult run(String sql) {
        try (Statement s = calcite.createStatement()) {
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
                        row.add(DuckDbSide.text(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new QueryResult(names, none, rows, null, null);
            }
        } catch (SQLException | RuntimeException | LinkageError e) {
            return new QueryResult(null, null, null, "calcite", String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() throws SQLException {
        calcite.close();
    }

    /** One relation's rows, typed from the PostgreSQL type OIDs pgstat4j sent. */
    private static final class RowsTable extends AbstractTable implements ScannableTable {
        private final QueryResult source;
        private final List<Object[]> rows = new ArrayList<>();

        RowsTable(QueryResult source) {
            this.source = source;
            for (List<String> row : source.rows()) {
                Object[] out = new Object[row.size()];
                for (int i = 0; i < row.size(); i++) {
                    out[i] = value(type(source.typeOids().get(i)), row.get(i));
                }
                rows.add(out);
            }
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            RelDataTypeFactory.Builder b = f.builder();
            for (int i = 0; i < source.columns().size(); i++) {
                SqlTypeName t = type(source.typeOids().get(i));
                RelDataType dt = t == SqlTypeName.DECIMAL ? f.createSqlType(t, 38, 10) : f.createSqlType(t);
                b.add(source.columns().get(i), f.createTypeWithNullability(dt, true));
            }
            return b.build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows);
        }

        private static SqlTypeName type(int oid) {
            return switch (oid) {
                case 16 -> SqlTypeName.BOOLEAN;
                case 20, 26, 28 -> SqlTypeName.BIGINT;
                case 21 -> SqlTypeName.SMALLINT;
                case 23 -> SqlTypeName.INTEGER;
                case 700, 701 -> SqlTypeName.DOUBLE;
                case 1700 -> SqlTypeName.DECIMAL;
                case 1184, 1114 -> SqlTypeName.TIMESTAMP;
                default -> SqlTypeName.VARCHAR;
            };
        }

        /** Calcite's internal value: TIMESTAMP is milliseconds since 1970 (microseconds are lost). */
        private static Object value(SqlTypeName t, String v) {
            if (v == null) {
                return null;
            }
            return switch (t) {
                case BOOLEAN -> v.equals("t");
                case BIGINT -> Long.parseLong(v);
                case SMALLINT -> Short.parseShort(v);
                case INTEGER -> Integer.parseInt(v);
                case DOUBLE -> Double.parseDouble(v);
                case DECIMAL -> new BigDecimal(v);
                case TIMESTAMP -> OffsetDateTime.parse(v, PG_TS).toInstant().toEpochMilli();
                default -> v;
            };
        }
    }
}
