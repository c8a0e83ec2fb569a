package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * The names and types of result columns against a real PostgreSQL 14: constants the engine
 * folds before the query runs ({@code 1 + NULL}, {@code CASE WHEN true THEN 1 END},
 * {@code 65::oid}), character types with a length, arrays (text and binary, as results and
 * as pgjdbc's typed parameters) and {@code regclass}. Each answer — column names, type OIDs,
 * every value's text — must be PostgreSQL's; arrays the engine cannot hold as PostgreSQL
 * does are refused with {@code 0A000}.
 */
class ResultTypesLikePostgres14Test {
    @RegisterExtension
    static final SideBySide both = SideBySide.trusting();

    @BeforeAll
    static void createOrdersInPostgres14() throws Exception {
        both.pg.execute("postgres", "create table orders (id int)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // constants the engine folds: typed and named after the expression, not its value
        "select 1 + null as a, null = null as b, null::int + 1 as c, 'a' || null as d",
        "select 1 + null, 2 * 3",
        "select case when false then 1 end as c, case when true then 1 else 2.5 end as d",
        "select case when true then 1 end, case when true then 'a' else 'b' end",
        "select coalesce(1, 2), greatest(1, 2), nullif(1, 2), 1::text, cast(1 as int8)",
        "select 65::oid as o, 65::oid, 'x'::name, 'x'::name as n",
        "select length('héllo') as l, upper('abc') as u, position('c' in 'abc') as p",
        "select 65::oid as o, length('ab') as l union all select 66::oid, length('abc') order by 1",
        "select case when true then 1 end union all select 2 order by 1",
        "select sign(-3.0::float8) as s, sign(-3.0::float8), 1 = 1, 1 < 2 as b, true, null is null",
        // character types with a length
        "select 'x'::char(3) as c, 'x'::varchar(2) as v, 'xyz'::varchar(2) as w, 'x'::varchar(2), 'x'::char(3)",
        "select x::varchar(2) as v, x::char(5) as c, x::varchar(9) from (values ('abc')) t(x)",
        "select 'a'::char(2) = 'a ' as e, x::char(3) = 'x' as f, x::char(3) from (values ('x')) t(x)",
        // arrays of the element types the engine holds exactly
        "select '{1,2,3}'::int[] as a, '{a,b}'::text[] as t, '{1,NULL}'::int8[] as b, '{t,f}'::bool[] as c",
        "select '{1.5,2,-0.25}'::float8[] as d, '{a,\"b c\",\"\",\"x,y\",\"q\\\"\",NULL}'::text[] as e",
        "select array[1, 2, 3] as a, array['a', 'b'] as b, array[]::int[] as e, array[1, null] as n",
        "select array_agg(x order by x) as a from (values (3), (1), (2)) v(x)",
        "select array_agg(x::oid order by x) as o, array_agg(x::bigint order by x) as b from (values (3), (1)) v(x)",
        "select array_agg(x order by x) from (values ('b'), ('a c')) v(x)",
        "select cardinality(array[1, 2]) as n, array[1, 2] = array[1, 2] as e",
        "select array['a'::varchar(3)] as v, array[65::oid] as o, array[x::name] as n from (values ('a')) t(x)",
        "select array[1::int2] as s, array[1.5::float4] as r, array[true, null] as b",
        "select null::int[] as n, (array[1, 2])[1] as f, array[x] as a from (values (1::bigint)) t(x)",
        "select array_agg(x) as a from (values ('a'::char(2))) t(x)",
    })
    void answersAsPostgres14(String sql) throws Exception {
        both.assertAnswersAlike(SideBySide.UTC, sql);
    }

    /** regclass shows the relation's name (a table both servers have, with other OIDs). */
    @ParameterizedTest
    @ValueSource(strings = {
        "select 'orders'::regclass as r, 'orders'::regclass::oid > 0 as o",
        "select 'public.orders'::regclass, 'ORDERS'::regclass as u",
        "select x::regclass as r, x::regclass::text as t from (values ('orders'::regclass::oid)) v(x)",
    })
    void regclassAsPostgres14(String sql) throws Exception {
        both.assertAnswersAlike(SqlFixture.DBNAME, SideBySide.UTC, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the engine gives every element of a numeric array one scale: {1.5,2.0}, PostgreSQL {1.5,2}
        "select array[1.5, 2] as a",
        "select array_agg(x) as a from (values (1.5), (2)) t(x)",
        // element types sent only as text so far
        "select array[now()] as t",
        "select array_agg(x) as a from (values ('2024-01-01'::date)) t(x)",
        // the engine holds 'name'::regclass as the OID: as text it would be the number
        "select 'pg_class'::regclass::text as t",
        // the engine writes an array as text [1, 2]
        "select array[1, 2]::text as t",
        "select '{1,2}'::int[]::text as t",
        "select x::text as t from (values (array[1, 2])) v(x)",
        // char(n): PostgreSQL drops the padding when it reads the value as text, the engine otherwise
        "select 'x'::char(3) || 'y' as c",
        "select length('x'::char(3)) as l",
        "select length(x::char(3)) as l from (values ('x')) t(x)",
        "select max(x::char(2)) as m from (values ('a')) t(x)",
        "select x::char(2) as c from (values ('a')) t(x) union select 'b'::char(2)",
        "select c from (select x::char(2) as c from (values ('a')) t(x)) s",
    })
    void refusesWhatTheEngineCannotHoldAsPostgres14(String sql) throws Exception {
        SimpleQueryAnswer ours = both.assertRefused(SideBySide.UTC, sql);
        assertThat(ours.message()).containsAnyOf("arrays of", "regclass", "array to text", "char(n)");
    }

    /** pgjdbc asks for binary arrays (prepareThreshold=-1: binary for every type it can read so). */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void arrayResultsAndTypedArrayParametersAsPostgres14(String prepareThreshold) throws Exception {
        String sql = "select ? as p, ? as q, cardinality(?) as n, array[1, null, 3] as a, '{a,\"b c\",NULL}'::text[] as t,"
                + " '{t,f}'::bool[] as b, '{1.5,-2}'::float8[] as d, array[]::int[] as e, array_agg(x::oid) as o"
                + " from (values (7)) v(x)";
        List<List<String>> expected;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + both.pg.port()
                + "/postgres?user=" + RealPostgres14.SUPERUSER + "&prepareThreshold=" + prepareThreshold)) {
            expected = arrays(c, sql);
        }
        try (Connection c = DriverManager.getConnection(ours(prepareThreshold))) {
            assertThat(arrays(c, sql)).isEqualTo(expected);
        }
    }

    /** {@code SELECT $1} of a parameter pgjdbc binds with a typed setter has that type and value. */
    @ParameterizedTest
    @ValueSource(strings = {"bytea", "text", "bool", "float8", "date", "timestamp", "int2"})
    void selectedParameterAsPostgres14(String kind) throws Exception {
        List<String> expected;
        try (Connection c = DriverManager.getConnection(both.pg.jdbcUrl("postgres"))) {
            expected = selectParameters(c, kind);
        }
        try (Connection c = DriverManager.getConnection(ours("0"))) {
            assertThat(selectParameters(c, kind)).isEqualTo(expected);
        }
    }

    private static List<String> selectParameters(Connection c, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select ? as p, ? as q")) {
            for (int i = 1; i <= 2; i++) {
                switch (kind) {
                    case "bytea" -> ps.setBytes(i, new byte[] {1, 2});
                    case "text" -> ps.setObject(i, "x", java.sql.Types.OTHER);
                    case "bool" -> ps.setBoolean(i, true);
                    case "float8" -> ps.setDouble(i, 1.5);
                    case "date" -> ps.setObject(i, java.time.LocalDate.of(2024, 1, 2));
                    case "timestamp" -> ps.setObject(i, java.time.LocalDateTime.of(2024, 1, 2, 3, 4));
                    default -> ps.setShort(i, (short) 3);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                ResultSetMetaData md = rs.getMetaData();
                return List.of(md.getColumnTypeName(1), String.valueOf(rs.getString(1)), md.getColumnTypeName(2),
                        String.valueOf(rs.getString(2)));
            }
        }
    }

    /** pgjdbc sends BigDecimal in binary: selected or cast it is PostgreSQL's numeric, in arithmetic refused. */
    @Test
    void numericParametersAsPostgres14OrRefused() throws Exception {
        String sql = "select ? as n, ?::numeric(10,2) as r, ?::float8 as f";
        List<String> expected;
        try (Connection c = DriverManager.getConnection(both.pg.jdbcUrl("postgres"))) {
            expected = numericParameters(c, sql);
        }
        try (Connection c = DriverManager.getConnection(ours("0"))) {
            assertThat(numericParameters(c, sql)).isEqualTo(expected).contains("numeric -0.000100");
            for (String refused : List.of("select ? * 2 as m", "select 1 where 1 > ?")) {
                assertThatThrownBy(() -> numericParameters(c, refused)).as(refused)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            }
        }
    }

    private static List<String> numericParameters(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            java.math.BigDecimal[] values = {new java.math.BigDecimal("-0.000100"), new java.math.BigDecimal("1.505"),
                new java.math.BigDecimal("2.5")};
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setBigDecimal(i, values[i - 1]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        out.add(rs.getMetaData().getColumnTypeName(i) + " " + rs.getString(i));
                    }
                }
            }
            return out;
        }
    }

    @Test
    void numericArrayParameterSelectedIsRefusedNotRescaled() throws Exception {
        try (Connection c = DriverManager.getConnection(ours("0"));
             PreparedStatement ps = c.prepareStatement("select ? as a")) {
            ps.setArray(1, c.createArrayOf("numeric", new Object[] {new java.math.BigDecimal("1.50"), 2}));
            assertThatThrownBy(ps::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
        }
    }

    private static String ours(String prepareThreshold) {
        return both.jdbcUrl() + "&prepareThreshold=" + prepareThreshold;
    }

    /** Column types, then each value as pgjdbc reads it, of one row. */
    private static List<List<String>> arrays(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("int4", new Object[] {1, null, 3}));
            ps.setArray(2, c.createArrayOf("text", new Object[] {"a", "b c", ""}));
            ps.setArray(3, c.createArrayOf("int8", new Object[] {}));
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> types = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    types.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i));
                }
                out.add(types);
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
