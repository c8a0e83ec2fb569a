package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pgstat4j.server.pg14.RealPostgres14;

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
    private static final List<String> UTC = List.of("SET TimeZone = 'UTC'");
    private static final List<String> PARIS = List.of("SET TimeZone = 'Europe/Paris'");

    @TempDir
    static Path dir;
    static SqlFixture f;
    static RealPostgres14 pg;

    @BeforeAll
    static void start() throws Exception {
        pg = RealPostgres14.start();
        // the raw protocol client of this test does not speak SCRAM: literals, not logins, are under test
        f = SqlFixture.start(dir, PgWireConfig.defaults().withTrust(true), true);
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static SimpleQueryAnswer postgres(List<String> setup, String sql) throws Exception {
        return SimpleQueryAnswer.ask(pg.port(), RealPostgres14.SUPERUSER, "postgres", setup, sql);
    }

    private static SimpleQueryAnswer pgstat4j(List<String> setup, String sql) throws Exception {
        return SimpleQueryAnswer.ask(f.server.port(), "tester", "postgres", setup, sql);
    }

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
    })
    void untypedLiteralsReadAsTimestamptzAnswerAsPostgres14(String sql) throws Exception {
        for (List<String> setup : List.of(UTC, PARIS)) {
            SimpleQueryAnswer expected = postgres(setup, sql);
            assertThat(expected.sqlState()).as("PostgreSQL 14 answers %s", sql).isNull();
            assertThat(pgstat4j(setup, sql).comparable()).as("%s with %s", sql, setup).isEqualTo(expected.comparable());
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
        SimpleQueryAnswer expected = postgres(UTC, sql);
        assertThat(expected.sqlState()).as("PostgreSQL 14 rejects %s", sql).isNotNull();
        assertThat(pgstat4j(UTC, sql).sqlState()).as(sql).isEqualTo(expected.sqlState());
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
    })
    void timestamptzInputNotReadHereIsRefused(String sql) throws Exception {
        SimpleQueryAnswer real = postgres(UTC, sql);
        assertThat(real.sqlState()).as("PostgreSQL 14 answers %s", sql).isNull();
        SimpleQueryAnswer ours = pgstat4j(UTC, sql);
        assertThat(ours.sqlState()).as("%s gave %s", sql, ours).isEqualTo("0A000");
    }
}
