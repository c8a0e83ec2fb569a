package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.sql.SqlFixture.CUSTOMERS;
import static org.pgstat4j.server.sql.SqlFixture.ORDERS;
import static org.pgstat4j.server.sql.SqlFixture.read;
import static org.pgstat4j.server.sql.SqlFixture.rows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgjdbc (default settings: extended protocol, server-side prepare after five uses, binary
 * transfer) against the endpoint over a real statistics system: views, filters, joins,
 * aggregates, parameters, functions, settings and the row description's types.
 */
class JdbcQueryTest {
    @TempDir
    static Path dir;
    static SqlFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SqlFixture.start(dir, PgWireConfig.defaults());
        f.insert(ORDERS, 5);
        f.insert(CUSTOMERS, 3);
        f.seqScan(ORDERS, 4);
        try (Connection c = f.connect()) {
            assertThat(SqlFixture.awaitLong(c, "select seq_scan from pg_stat_user_tables where relid = " + ORDERS, 1))
                    .isEqualTo(1);
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void viewWithWhereAndOrderBy() throws Exception {
        try (Connection c = f.connect()) {
            assertThat(rows(c, "select relname, n_tup_ins from pg_stat_user_tables where n_tup_ins > 0 order by relname"))
                    .containsExactly(List.of("customers", "3"), List.of("orders", "5"));
            assertThat(rows(c, "select relname from pg_stat_user_tables order by n_tup_ins desc, relname"))
                    .containsExactly(List.of("orders"), List.of("customers"), List.of("Events"));
        }
    }

    @Test
    void joinOfTwoViewsUsingRelid() throws Exception {
        try (Connection c = f.connect()) {
            assertThat(rows(c, "select t.relname, t.seq_scan, t.seq_tup_read, io.heap_blks_hit, io.heap_blks_read"
                    + " from pg_stat_user_tables t join pg_statio_user_tables io using (relid) order by t.relname"))
                    .containsExactly(List.of("Events", "0", "0", "0", "0"), List.of("customers", "0", "0", "0", "0"),
                            List.of("orders", "1", "4", "4", "0"));
        }
    }

    @Test
    void aggregatesAreNamedAndTypedAsInPostgresql() throws Exception {
        try (Connection c = f.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), sum(n_tup_ins), max(relname) from pg_stat_user_tables")) {
            ResultSetMetaData m = rs.getMetaData();
            assertThat(List.of(m.getColumnName(1), m.getColumnName(2), m.getColumnName(3)))
                    .containsExactly("count", "sum", "max");
            assertThat(List.of(m.getColumnTypeName(1), m.getColumnTypeName(2), m.getColumnTypeName(3)))
                    .containsExactly("int8", "numeric", "text"); // max(name) is max(text) in PostgreSQL
            assertThat(read(rs)).containsExactly(List.of("3", "8", "orders"));
        }
    }

    @Test
    void preparedStatementWithParametersAcrossServerSidePreparation() throws Exception {
        try (Connection c = f.connect();
             PreparedStatement byOid = c.prepareStatement(
                     "select relname, n_tup_ins, relid, last_vacuum from pg_stat_user_tables where relid = ?");
             PreparedStatement byName = c.prepareStatement(
                     "select n_tup_ins from pg_stat_all_tables where relname = ? and schemaname = ?")) {
            // pgjdbc switches to a named server-side statement and binary results after 5 uses
            for (int i = 0; i < 8; i++) {
                byOid.setInt(1, i % 2 == 0 ? ORDERS : CUSTOMERS);
                try (ResultSet rs = byOid.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(i % 2 == 0 ? "orders" : "customers");
                    assertThat(rs.getLong(2)).isEqualTo(i % 2 == 0 ? 5 : 3);
                    assertThat(rs.getLong(3)).isEqualTo(i % 2 == 0 ? ORDERS : CUSTOMERS);
                    assertThat(rs.getTimestamp(4)).isNull();
                    assertThat(rs.next()).isFalse();
                }
                byName.setString(1, "orders");
                byName.setString(2, "public");
                try (ResultSet rs = byName.executeQuery()) {
                    assertThat(read(rs)).containsExactly(List.of("5"));
                }
            }
            byOid.setLong(1, 4_000_000_000L);
            try (ResultSet rs = byOid.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void columnTypeNamesComeFromTheViewDefinitions() throws Exception {
        try (Connection c = f.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select relid, relname, n_tup_ins, last_vacuum, schemaname"
                     + " from pg_stat_user_tables limit 1")) {
            ResultSetMetaData m = rs.getMetaData();
            assertThat(List.of(m.getColumnTypeName(1), m.getColumnTypeName(2), m.getColumnTypeName(3),
                    m.getColumnTypeName(4), m.getColumnTypeName(5)))
                    .containsExactly("oid", "name", "int8", "timestamptz", "name");
        }
        try (Connection c = f.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select numbackends, blk_read_time, stats_reset from pg_stat_database")) {
            ResultSetMetaData m = rs.getMetaData();
            assertThat(List.of(m.getColumnTypeName(1), m.getColumnTypeName(2), m.getColumnTypeName(3)))
                    .containsExactly("int4", "float8", "timestamptz");
        }
    }

    /** Like a PostgreSQL backend, each SQL client counts in numbackends of its database. */
    @Test
    void sqlSessionsCountInNumbackends() throws Exception {
        String q = "select numbackends from pg_stat_database where datname = 'appdb'";
        try (Connection c1 = f.connect()) {
            assertThat(rows(c1, q)).containsExactly(List.of("1"));
            try (Connection c2 = f.connect()) {
                assertThat(rows(c2, q)).containsExactly(List.of("2"));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<List<String>> r = rows(c1, q);
            while (!r.equals(List.of(List.of("1"))) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the server notices the second client's exit after it closed
                r = rows(c1, q);
            }
            assertThat(r).containsExactly(List.of("1"));
        }
    }

    @Test
    void accessorAndSessionFunctions() throws Exception {
        try (Connection c = f.connect()) {
            assertThat(rows(c, "select pg_stat_get_tuples_inserted(" + ORDERS + "), pg_stat_get_numscans(" + ORDERS
                    + "), pg_stat_get_xact_tuples_inserted(" + ORDERS + "), pg_stat_get_last_vacuum_time(" + ORDERS + ")"))
                    .containsExactly(java.util.Arrays.asList("5", "1", "0", null));
            assertThat(rows(c, "select pg_stat_get_snapshot_timestamp() is not null, current_database(), current_user,"
                    + " pg_backend_pid() > 0"))
                    .containsExactly(List.of("t", "appdb", "tester", "t"));
            assertThat(rows(c, "select version()").get(0).get(0)).startsWith("PostgreSQL 14.23");
            assertThat(rows(c, "select 'orders'::regclass, 'public.customers'::regclass"))
                    .containsExactly(List.of("orders", "customers")); // a regclass shows as the name, as in PostgreSQL
            assertThat(rows(c, "select 'orders'::regclass::oid, 'public.customers'::regclass::oid"))
                    .containsExactly(List.of(Integer.toString(ORDERS), Integer.toString(CUSTOMERS)));
            assertThat(rows(c, "select relid::regclass from pg_stat_user_tables order by relid"))
                    .containsExactly(List.of("orders"), List.of("customers"), List.of("audit.\"Events\""));
            assertThat(rows(c, "select calls from pg_stat_user_functions")).isEmpty();
        }
    }

    @Test
    void settingsAreTheSessionsOwn() throws Exception {
        try (Connection c = f.connect(); Connection other = f.connect()) {
            assertThat(rows(c, "show application_name")).containsExactly(List.of("PostgreSQL JDBC Driver"));
            try (Statement s = c.createStatement()) {
                s.execute("set application_name = 'reporting'");
            }
            assertThat(rows(c, "select current_setting('application_name'), set_config('extra_float_digits', '2', false)"))
                    .containsExactly(List.of("reporting", "2"));
            assertThat(rows(other, "show application_name")).containsExactly(List.of("PostgreSQL JDBC Driver"));
            assertThat(rows(c, "show server_version")).containsExactly(List.of("14.23 (pgstat4j)"));
            assertThat(c.getMetaData().getDatabaseProductVersion()).startsWith("14.23");
        }
    }

    @Test
    void catalogTablesNameTheObjects() throws Exception {
        try (Connection c = f.connect()) {
            assertThat(rows(c, "select c.relname, n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where c.relkind = 'i' order by 1"))
                    .containsExactly(List.of("customers_pkey", "public"), List.of("orders_pkey", "public"));
            assertThat(rows(c, "select typname from pg_catalog.pg_type where oid = 2278")).containsExactly(List.of("void"));
        }
    }

    @Test
    void simpleQueryModeAndRecordReturningFunctions() throws Exception {
        java.util.Properties simple = new java.util.Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c = f.connect(simple);
             PreparedStatement ps = c.prepareStatement("select relname from pg_stat_user_tables where n_tup_ins = ?")) {
            ps.setLong(1, 3);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(read(rs)).containsExactly(List.of("customers"));
            }
            assertThat(rows(c, "select count(*) from pg_stat_get_slru()")).containsExactly(List.of("8"));
            assertThat(rows(c, "select wal_records, wal_bytes from pg_stat_get_wal()")).containsExactly(List.of("0", "0"));
            assertThat(rows(c, "select archived_count, last_archived_wal from pg_stat_get_archiver()"))
                    .containsExactly(java.util.Arrays.asList("0", null));
            assertThat(rows(c, "select n_tup_ins from pg_stat_xact_user_tables where relid = " + ORDERS))
                    .containsExactly(List.of("0"));
        }
    }

    @Test
    void twoPortalsFetchedInTurnsWithinATransaction() throws Exception {
        try (Connection c = f.connect()) {
            c.setAutoCommit(false);
            try (Statement a = c.createStatement(); Statement b = c.createStatement()) {
                a.setFetchSize(1);
                b.setFetchSize(1);
                try (ResultSet ra = a.executeQuery("select relname from pg_stat_user_tables order by relname");
                     ResultSet rb = b.executeQuery("select name from pg_stat_slru order by name")) {
                    List<String> seen = new ArrayList<>();
                    while (ra.next()) {
                        assertThat(rb.next()).isTrue();
                        seen.add(ra.getString(1) + "/" + rb.getString(1));
                    }
                    assertThat(seen).containsExactly("Events/CommitTs", "customers/MultiXactMember",
                            "orders/MultiXactOffset");
                    int rest = 0;
                    while (rb.next()) {
                        rest++;
                    }
                    assertThat(rest).isEqualTo(5);
                }
            }
            c.commit();
        }
    }
}
