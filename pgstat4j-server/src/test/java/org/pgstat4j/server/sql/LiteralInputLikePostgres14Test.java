package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Literals and parameters whose type PostgreSQL 14 takes from where they are used, against a
 * real PostgreSQL 14: untyped literals read as {@code timestamptz}
 * ({@code COALESCE(last_vacuum, '1970-01-01Z')}, prometheus-postgres-exporter's), bit-string
 * literals cast to integers, float8 overflow of constants, key words PostgreSQL accepts as a
 * column label only after {@code AS}, and a parameter whose type nothing determines. Each
 * query gets PostgreSQL's answer, or PostgreSQL's SQLSTATE where it fails, or {@code 0A000}
 * where pgstat4j cannot answer it exactly — never another value.
 */
class LiteralInputLikePostgres14Test {
    private static final List<String> UTC = SideBySide.UTC;
    private static final List<String> PARIS = List.of("SET TimeZone = 'Europe/Paris'");

    @RegisterExtension
    static final SideBySide both = SideBySide.trusting();

    @ParameterizedTest
    @ValueSource(strings = {
        "select coalesce(null::timestamptz, '1970-01-01Z') as c",
        "select coalesce(x, '1970-01-01Z') as c from (values (null::timestamptz), ('2026-01-02 03:04:05+00'::timestamptz)) t(x)",
        "select coalesce(x, '1970-01-01Z') as a, coalesce(y, '1970-01-01Z') as b"
                + " from (values (null::timestamptz, '2026-01-02 03:04:05+00'::timestamptz)) t(x, y)",
        "select coalesce(null::timestamptz, '2026-12-05 10:11:12.5+01:30') as a,"
                + " greatest(null::timestamptz, '2026-12-05T10:11:12Z') as b, least(null::timestamptz, 'epoch') as c",
        "select coalesce(null::timestamptz, '2026-12-05') as d, coalesce(null::timestamptz, '2026-12-05 10:00') as e,"
                + " coalesce(null::timestamptz, '2026-07-01 10:00:00.123456') as s",
        "select coalesce(null::timestamptz, '2026-07-01 12:00:00 Europe/Paris') as p,"
                + " coalesce(null::timestamptz, '2026-07-01 12:00:00 UTC') as u, coalesce(null::timestamptz, '2026-07-01 -0330') as o",
        "select coalesce(null::timestamptz, '2026-12-31 24:00:00+00') as m",
        "select case when x is null then '1970-01-01Z' else x end as c from (values (null::timestamptz)) t(x)",
        "select nullif(x, '2026-01-01Z') as n from (values ('2026-01-01 00:00:00+00'::timestamptz)) t(x)",
        "select greatest(x, '2026-06-01 00:00:00+02') as g from (values ('2026-01-01 00:00:00+00'::timestamptz)) t(x)",
        // compared with a timestamptz
        "select x > '1970-01-01Z' as a, x = 'epoch' as b, x < '2026-01-01 00:30' as c"
                + " from (values ('2026-01-01 00:00:00+00'::timestamptz)) t(x)",
        // the session's TimeZone reads text without a zone and turns a timestamptz into a date
        "select x::date as d, x < '2026-01-02 00:30' as c from (values ('2026-01-01 23:30:00+00'::timestamptz)) t(x)",
        // column names: an untyped literal has none, a cast is named after its type
        "select coalesce(null::timestamptz, '1970-01-01Z'), case when x is not null then x else '1970-01-01Z' end"
                + " from (values (null::timestamptz)) t(x)",
        "select '1970-01-01Z'::timestamptz, timestamptz '2026-12-05 10:00', 'epoch'::timestamptz as e",
        "select cast('1970-01-01Z' as timestamptz), cast('2026-12-05 10:00' as timestamptz) as c",
        // psycopg2's aware datetimes
        "select '2026-12-05T10:00:00.123456+05:53:28'::timestamptz as p, '2026-12-05T10:00:00-03:00'::timestamptz as q",
    })
    void untypedLiteralsReadAsTimestamptzAnswerAsPostgres14(String sql) throws Exception {
        for (List<String> setup : List.of(UTC, PARIS)) {
            both.assertAnswersAlike(setup, sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // text PostgreSQL rejects: the same SQLSTATE (invalid syntax, field out of range)
        "select coalesce(null::timestamptz, 'garbage') as c",
        "select coalesce(null::timestamptz, '2026-02-30') as c",
        "select coalesce(null::timestamptz, '2026-13-01 00:00:00+00') as c",
        "select coalesce(x, '2026-01-01 25:00:00') as c from (values (null::timestamptz)) t(x)",
    })
    void rejectedTimestamptzTextFailsAsInPostgres14(String sql) throws Exception {
        SimpleQueryAnswer expected = both.postgres(UTC, sql);
        assertThat(expected.sqlState()).as("PostgreSQL 14 rejects %s", sql).isNotNull();
        assertThat(both.pgstat4j(UTC, sql).sqlState()).as(sql).isEqualTo(expected.sqlState());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // forms PostgreSQL reads and pgstat4j does not
        "select coalesce(null::timestamptz, 'Dec 5 2026 10:00') as c",
        "select coalesce(null::timestamptz, '2026-12-05 10:00 CET') as c",
        "select coalesce(null::timestamptz, 'infinity') as c",
        "select coalesce(null::timestamptz, '2026-12-05 10:00:00.1234567+00') as c",
        // the same text used as text and as timestamptz
        "select '1970-01-01Z' as t, coalesce(null::timestamptz, '1970-01-01Z') as c",
        "select coalesce(x, '2026-01-01Z') as a, coalesce(y, '2026-01-01Z') as b"
                + " from (values (null::timestamptz, 'a'::text)) t(x, y)",
        "select coalesce(null::timestamptz, '2026-01-01Z') as a, coalesce(y, '2026-01-01Z') as b"
                + " from (values ('a'::text)) t(y)",
        "select x > '1970-01-01Z' as a, '1970-01-01Z' as t from (values ('2026-01-01 00:00:00+00'::timestamptz)) t(x)",
    })
    void timestamptzInputNotReadHereIsRefused(String sql) throws Exception {
        both.assertRefused(UTC, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select x'1F'::int as b, B'101'::int as c, b'101'::integer as d",
        "select x'FFFFFFFF'::int4 as m, x'80000000'::int as n, x'FFFFFFFFFF'::int8 as l, x''::int as e",
        "select b'1'::bigint + 1 as s, x'7fffffffffffffff'::bigint as m",
        "select 1e300::float8 * 2 as a, 1e10::float8 * 1e10::float8 as b",
        "select interval '1' day as d, 1 as day, (2) as fetch, '3' as offset",
        // a derived table or function named by such a key word without AS: PostgreSQL allows it
        "select day.x from (select 1 as x) day",
        "select * from (select 1 as x) year, (select 2 as y) month",
    })
    void castsAndLabelsAnswerAsPostgres14(String sql) throws Exception {
        both.assertAnswersAlike(UTC, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // float8 out of range: 22003
        "select 1e300::float8 * 1e10 as big",
        "select 1e300::float8 * 1e300::float8 as big",
        "select -1e300::float8 * 1e300 as small",
        "select 1e-300::float8 * 1e-300 as tiny",
        "select 1e300::float8 / 1e-300::float8 as q",
        // bit strings PostgreSQL's casts reject
        "select x'1G'::int as b",
        "select b'102'::int as b",
        "select x'1FFFFFFFF'::int as b",
        // key words PostgreSQL takes as a label only after AS: a syntax error, at the token after them
        "select 1 fetch",
        "select 1 fetch, 2 as b",
        "select 'a' offset",
        "select (1) day",
        "select 1 year from pg_class",
    })
    void failsAsPostgres14(String sql) throws Exception {
        SimpleQueryAnswer expected = both.postgres(UTC, sql);
        assertThat(expected.sqlState()).as("PostgreSQL 14 rejects %s", sql).isNotNull();
        both.assertFailsAtTheSamePosition(expected, UTC, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // float8 arithmetic with a numeric constant: the engine would compute an exact decimal
        "select 0.1::float8 + 0.2 as s",
        "select 1.5::float8 * 2.5 as p",
        // a bit string not cast to an integer
        "select x'1F' as b",
        "select cast(b'101' as int) as b",
    })
    void castsTheEngineWouldAnswerDifferentlyAreRefused(String sql) throws Exception {
        both.assertRefused(UTC, sql);
    }

    /** pgjdbc's setNull of a timestamp sends type 0: PostgreSQL cannot type {@code $1 IS NULL}. */
    @Test
    void parameterOnlyTestedForNullHasNoTypeAsInPostgres14() throws Exception {
        String ours = both.jdbcUrl();
        String sql = "select ? is null as n";
        String expected;
        try (Connection c = both.pg.connect("postgres")) {
            expected = sqlStateOf(c, sql);
        }
        assertThat(expected).isEqualTo("42P18");
        try (Connection c = DriverManager.getConnection(ours)) {
            assertThat(sqlStateOf(c, sql)).isEqualTo(expected);
            // declared by the client: answered
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setNull(1, Types.INTEGER);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
        }
    }

    private static String sqlStateOf(Connection c, String sql) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.executeQuery().close();
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
