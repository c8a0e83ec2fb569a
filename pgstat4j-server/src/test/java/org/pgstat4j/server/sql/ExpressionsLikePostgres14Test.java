package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expression semantics against a real PostgreSQL 14: each query goes to both servers over the
 * protocol, and pgstat4j's answer — column names, type OIDs, every value's text — must be
 * PostgreSQL's; the constructs the engine would answer differently must be refused with
 * {@code 0A000} instead (never another value).
 */
class ExpressionsLikePostgres14Test {
    @RegisterExtension
    static final SideBySide both = SideBySide.trusting();

    @ParameterizedTest
    @ValueSource(strings = {
        "select greatest(1, null) as g, least(2, null, 1) as l",
        "select greatest(x, null) from (values (3)) t(x)",
        "select 1::float8 / 3 as f, 7 / 2 as i, 7 % 3 as m, -7 / 2 as n",
        "select x::float8 / 4 from (values (3)) t(x)",
        "select round(100 * 1999::numeric(30) / 2000, 2) as r",
        "select 1.5::numeric, 1.50::numeric * 2 as d, '2.25'::numeric + 1 as s, round(1999::numeric * 100 / 2000, 2) as r",
        "select round(100 * x::numeric(30) / y, 2) as r from (values (1999, 2000)) t(x, y)",
        "select 1 as numeric, cast(2 as numeric) as n, 3::decimal as d",
        "select round(100 * x::numeric / (x + y), 2) as r, round(cast(x as numeric) / y, 4) as q, x::numeric * 2 as d"
                + " from (values (1999::bigint, 1::bigint)) t(x, y)",
        "select '2024-01-02 03:04:05.5+02'::timestamptz as t",
        // read by PostgreSQL's timestamptz input at run time, not folded by the engine
        "select extract(epoch from '2026-01-01 00:00:00+00'::timestamptz) as e",
        "select cast('2024-01-02 03:04:05+00' as timestamptz) - cast('2024-01-01 00:00:00+00' as timestamptz) as d",
        "select interval '1' day as d, interval '90' minute as m",
        "select 1 as fetch, 2 as offset, 3 as value, 4 as day, 5 as key, 6 as year",
        "select coalesce(x, 3) from (values (cast(null as int))) t(x)",
        "select count(*) from (values (1), (2)) v(x)",
        "select x from (values (1), (2)) as t(x) order by x desc",
        "select sum(x) from (values (1::bigint), (2::bigint)) t(x)",
        "select pg_size_pretty(123456789::bigint) as a, pg_size_pretty(10239::bigint) as b,"
                + " pg_size_pretty(10240::bigint) as c, pg_size_pretty(-20000000::bigint) as d,"
                + " pg_size_pretty(5000000000000::bigint) as e",
        "select pg_is_in_recovery()",
        "select '1 day'::interval",
        "select log(100::float8) as a, ln(1::float8) as b, power(2::float8, 10) as c, sqrt(4::float8) as d,"
                + " mod(7, 3) as e, abs(-3) as f, ceil(1.2::float8) as h, floor(-1.2::float8) as i",
        "select sign(x), sign(-x::float8), length(y) as l, length(y || 'x') as m from (values (3, 'abc')) t(x, y)",
        "select upper('ab') as b, lower('AB') as c, substr('abc', 2) as d,"
                + " position('b' in 'abc') as e, replace('abc', 'b', 'x') as f, left('abc', 2) as g, right('abc', 2) as h,"
                + " lpad('a', 3, 'x') as i, concat('a', null, 'b') as j, 'a' || 'b' as k, 'a' || null as l",
        "select string_agg(x, ',' order by x) from (values ('b'), ('a')) t(x)",
        "select bool_and(x), bool_or(x), count(x), min(x::int), max(x::int)"
                + " from (values (true), (false), (null)) t(x)",
        "select x / 2 as q, x % 3 as r, -x as n, x * 2 as p from (values (7), (-7)) t(x) order by x",
        "select coalesce(null, 'a'), nullif(1, 1), nullif(1, 2)",
        "select 'abc' like 'a%' as a, 'abc' ilike 'A%' as b, 'abc' ~ '^a' as c, 'abc' ~* '^A' as d, 'abc' !~ 'z' as e",
        "select quote_ident('abc'), quote_ident('Abc'), quote_ident('select'), quote_ident('name'), quote_ident('a b'),"
                + " quote_ident('a\"b'), quote_ident('1a'), quote_ident('abc$'), quote_ident('_x'), quote_ident(''),"
                + " quote_ident('user'), quote_ident('between'), quote_ident('fetch')",
        "select * from pg_is_in_recovery()",
        "select * from pg_catalog.pg_size_pretty(2048::bigint) as s",
        "select r from pg_size_pretty(2048::bigint) as t(r)",
        "select x, pg_is_in_recovery from (values (1)) v(x) cross join pg_is_in_recovery() where x = 1",
        "select now() - n < '1 day'::interval as recent from now() n",
        "select o, n, b from (select oid as o, datname as n, pg_is_in_recovery() as b from pg_database"
                + " where datname = 'postgres') s",
        "with w as (select datname, datallowconn from pg_database where datname = 'postgres') select * from w",
        "select date_part('epoch', x) as e, date_part('year', x) as y, date_part('hour', x) as h,"
                + " date_part('second', x) as s, date_part('dow', x) as w, date_part('doy', x) as d,"
                + " date_part('milliseconds', x) as ms, date_part('week', x) as wk"
                + " from (values ('2024-03-03 23:04:05.25+00'::timestamptz)) t(x)",
        "select '2024-01-01 00:00:00+00'::timestamptz - '2024-01-02 03:00:00.5+00'::timestamptz as n",
        "select '2 hours 30 minutes'::interval as b, '1 day 02:03:04.5'::interval as c, '90 seconds ago'::interval as d,"
                + " '1.5 days'::interval as e, '-1 day'::interval as f, '1 week'::interval as g, '00:00:00.000001'::interval as h",
        "select '2024-01-02 00:00:00+00'::timestamptz - '1 day 12:00:00'::interval as t",
        "select extract(epoch from x) as e, extract(year from x), extract(hour from x - '2023-12-31 22:00:00+00'::timestamptz)"
                + " from (values ('2024-01-01 00:00:05.5+00'::timestamptz)) t(x)",
        "select max(extract(epoch from x - '2024-01-01 00:00:00+00'::timestamptz))::float as m"
                + " from (values ('2024-01-01 00:00:05.5+00'::timestamptz)) t(x)",
        "select extract(epoch from x - x) from (values (now())) t(x) where extract(epoch from x - x) < 1",
        "select x from (values ('a'), ('b'), ('c')) t(x) where x = any('{a,c}'::text[]) order by x",
        "select '{a,\"b c\",NULL}'::text[]",
        "select x from (values ('a'), ('b')) t(x) where x <> all(array['a']) order by x",
        "select greatest(1, 2), least(3, 4), coalesce(1, 2)",
        "select 1::float8, cast(1 as int), '2020-01-01 00:00:00+00'::timestamptz, 2::bigint",
        "select abs(-1), x + 1, count(*), sum(x), max(x), now() - now() from (values (1)) t(x) group by x",
        "select pg_wal_lsn_diff('1/0', '0/10') as d, pg_lsn('0/1A') as l",
        "select now() - now() as z",
        "select datname, datistemplate, datallowconn, datconnlimit, encoding from pg_database"
                + " where datname in ('postgres', 'template0', 'template1') order by oid",
        "select name, vartype, unit from pg_settings where name in ('max_identifier_length', 'block_size', 'TimeZone') order by name",
        "select avg(x::bigint)::numeric(20,4) as a, round(avg(x::bigint), 3) as r from (values (1), (2), (2)) t(x)",
        "select interval '1 day' + interval '1 hour' as a, interval '2 hours' as b",
        "select now() = current_timestamp as same, current_timestamp - now() as z",
        "select x::name as n, y::oid as o from (values ('a', 65)) t(x, y)",
        "select x, rank() over (order by x), row_number() over (order by x desc) from (values (1), (2)) t(x) order by x",
        "select x::name from (values ('a'), ('b')) t(x) except select y::name from (values ('b')) u(y)",
        "select '13:14:15'::time as t, '00:00:00'::time as z, x from (values ('01:02:00'::time)) v(x)",
        "select 't'::boolean as a, 'off'::boolean as b, ' Yes '::bool as c, 'f'::bool as d, 1::boolean as e",
        "select x from (values (1), (null), (2)) t(x) order by x",
        "select x from (values (1), (null), (2)) t(x) order by x desc",
        "select rolname, oid from pg_roles where rolname like 'pg\\_%' order by oid",
        "select pg_get_userbyid(3373) as m, pg_get_userbyid(6171) as o",
        "select case when x > 0 then null else pg_lsn('0/1A') end as l, case x when 1 then null else pg_lsn('0/2') end"
                + " from (values (1), (0)) t(x) order by x",
    })
    void answersAsPostgres14(String sql) throws Exception {
        both.assertAnswersAlike(SideBySide.UTC, sql);
    }

    /** Errors PostgreSQL reports with a position in the query string: the same SQLSTATE and position. */
    @ParameterizedTest
    @ValueSource(strings = {
        "select nosuchcol from pg_class",
        "select c.nosuchcol from pg_class c",
        "select x from nosuchtable",
        "select 1 from pg_catalog.nosuchtable",
        "select nosuchfn(1)",
        "select relname from pg_class where",
        "select (relname from pg_class",
        "select 1 +",
        "select 1; select nosuchcol from pg_class",
    })
    void errorsPointWherePostgres14Points(String sql) throws Exception {
        SimpleQueryAnswer expected = both.postgres(SideBySide.UTC, sql);
        assertThat(expected.position()).as("PostgreSQL 14's position for %s", sql).isNotNull();
        both.assertFailsAtTheSamePosition(expected, SideBySide.UTC, sql);
    }

    /** node-postgres and lib/pq send a list as text of open type; pgjdbc's arrays are typed text[]. */
    @ParameterizedTest
    @ValueSource(strings = {
        "select x from (values ('a'), ('b'), ('c')) t(x) where x = any(?) order by x",
        "select x from (values ('a'), ('b'), ('c')) t(x) where x <> all(?) order by x",
        "select x from (values ('a'), ('b'), ('c')) t(x) where x = any(?::text[]) order by x",
    })
    void arrayParametersAsPostgres14(String sql) throws Exception {
        String ours = both.jdbcUrl();
        for (boolean typed : new boolean[] {false, true}) {
            List<List<String>> expected;
            try (java.sql.Connection c = both.pg.connect("postgres")) {
                expected = arrayQuery(c, sql, typed);
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(ours)) {
                assertThat(arrayQuery(c, sql, typed)).as("%s, typed %s", sql, typed).isEqualTo(expected)
                        .isNotEmpty();
            }
        }
    }

    private static List<List<String>> arrayQuery(java.sql.Connection c, String sql, boolean typed) throws Exception {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            if (typed) {
                ps.setArray(1, c.createArrayOf("text", new String[] {"a", "c"}));
            } else {
                ps.setObject(1, "{a,\"c\"}", java.sql.Types.OTHER);
            }
            List<List<String>> rows = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString(1)));
                }
            }
            return rows;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select x::numeric from (values (1.5)) t(x)",
        "select 2::numeric / 3",
        "select x::numeric / 3 from (values (2)) t(x)",
        "select (x / 2.0)::numeric from (values (3)) t(x)",
        "select cast(x as numeric) from (values (1.5::float8)) t(x)",
        "select avg(x) from (values (1), (2)) t(x)",
        "select avg(x::float8) from (values (1), (2)) t(x)",
        "select pg_current_wal_lsn()",
        "select '1 mon'::interval",
        "select '36 hours'::interval",
        "select extract(epoch from interval '2' hour)",
        "select extract(second from x) from (values ('2024-01-01 00:00:05.5+00'::timestamptz)) t(x)",
        "select extract(epoch from x) * 1000 from (values ('2024-01-01 00:00:05.5+00'::timestamptz)) t(x)",
        // the same constructs under an alias
        "select 2::numeric / 3 as q",
        "select avg(x) as a from (values (1.10), (2.205), (3)) t(x)",
        "select avg(x::float8) as a from (values (1), (2)) t(x)",
        // floating point the engine computes as an exact decimal, or rounds half away from zero
        "select sum(x) as s from (values (0.1::float8), (0.2::float8), (0.3::float8)) t(x)",
        "select round(x) as r from (values (2.5::float8)) t(x)",
        // constants the engine folds into another value than PostgreSQL's
        "select 5 / 2.0 as a",
        "select round(2.5::float8) as a, round(-0.5::float8) as b",
        "select true::text as s",
        "select x::text as s from (values (true)) t(x)",
        "select '2026-03-01'::date - '2026-02-01'::date as d",
        "select 7.5 % 2 as c",
        "select x % 2 as c, mod(x, 2) as d from (values (7.5)) t(x)",
        "select x - y as d from (values ('2026-03-01'::date, '2026-02-01'::date)) t(x, y)",
        "select x at time zone 'UTC' as u from (values ('2026-01-01 00:00:00+00'::timestamptz)) t(x)",
        // a type PostgreSQL has and the engine has not
        "select 'int4'::pg_catalog.regtype as t",
        // the engine's regexp_replace replaces every match (PostgreSQL: the first) with Java patterns
        "select regexp_replace('aaa', 'a', 'b') as r",
        "select regexp_replace(x, 'a', 'b') as r from (values ('aaa')) t(x)",
    })
    void refusesWhatTheEngineWouldAnswerDifferently(String sql) throws Exception {
        both.assertRefused(SideBySide.UTC, sql);
    }

    /** The engine's own regular-expression functions PostgreSQL 14 does not have: its SQLSTATE. */
    @ParameterizedTest
    @ValueSource(strings = {
        "select regexp_like('abc', 'b')",
        "select regexp_substr('abc', 'b')",
        "select relname from pg_class where regexp_like(relname, '(a|aa)*c')",
    })
    void failsLikePostgres14WhereItHasNoSuchFunction(String sql) throws Exception {
        SimpleQueryAnswer expected = both.postgres(SideBySide.UTC, sql);
        assertThat(expected.sqlState()).as("PostgreSQL 14 on %s", sql).isEqualTo("42883");
        SimpleQueryAnswer ours = both.pgstat4j(SideBySide.UTC, sql);
        assertThat(ours.sqlState()).as("%s: %s", sql, ours.message()).isEqualTo(expected.sqlState());
    }
}
