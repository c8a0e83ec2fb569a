package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.pgstat4j.server.sql.SqlFixture.CUSTOMERS;
import static org.pgstat4j.server.sql.SqlFixture.ORDERS;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.StatsSender;
import org.postgresql.util.PSQLException;

/**
 * Spec §7.3 and §8.3 through pgjdbc: one reader transaction sees one snapshot; a statement
 * outside a block sees a new one; the reset functions send their messages and the effect is
 * seen once the snapshot is renewed; their errors carry PostgreSQL's SQLSTATE, text and hint.
 */
class SnapshotAndResetTest {
    @TempDir
    Path dir;

    private static final String ORDERS_INS = "select n_tup_ins from pg_stat_user_tables where relid = " + ORDERS;

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aTransactionKeepsItsSnapshotUntilItEndsOrClearsIt() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults());
             Connection reader = f.connect(); Connection observer = f.connect()) {
            f.insert(ORDERS, 5);
            assertThat(SqlFixture.awaitLong(observer, ORDERS_INS, 5)).isEqualTo(5);

            reader.setAutoCommit(false);
            assertThat(one(reader, ORDERS_INS)).isEqualTo(5);
            String taken = text(reader, "select pg_stat_get_snapshot_timestamp()");

            f.insert(ORDERS, 7);
            assertThat(SqlFixture.awaitLong(observer, ORDERS_INS, 12)).isEqualTo(12);

            // same transaction: same snapshot, for views and functions alike
            assertThat(one(reader, ORDERS_INS)).isEqualTo(5);
            assertThat(one(reader, "select pg_stat_get_tuples_inserted(" + ORDERS + ")")).isEqualTo(5);
            assertThat(text(reader, "select pg_stat_get_snapshot_timestamp()")).isEqualTo(taken);

            // pg_stat_clear_snapshot() inside the transaction: the next read takes a new snapshot
            try (Statement s = reader.createStatement()) {
                s.execute("select pg_stat_clear_snapshot()");
            }
            assertThat(one(reader, ORDERS_INS)).isEqualTo(12);

            f.insert(ORDERS, 1);
            assertThat(SqlFixture.awaitLong(observer, ORDERS_INS, 13)).isEqualTo(13);
            assertThat(one(reader, ORDERS_INS)).isEqualTo(12);
            reader.commit();
            assertThat(one(reader, ORDERS_INS)).isEqualTo(13);
        }
    }

    @Test
    void resetFunctionsTakeEffectInALaterSnapshot() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults()); Connection c = f.connect()) {
            f.insert(ORDERS, 5);
            f.insert(CUSTOMERS, 3);
            assertThat(SqlFixture.awaitLong(c, "select sum(n_tup_ins) from pg_stat_user_tables", 8)).isEqualTo(8);

            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select pg_stat_reset_single_table_counters('orders'::regclass)")) {
                assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("void");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEmpty();
            }
            assertThat(SqlFixture.awaitLong(c, ORDERS_INS, 0)).isEqualTo(0);
            assertThat(one(c, "select n_tup_ins from pg_stat_user_tables where relid = " + CUSTOMERS)).isEqualTo(3);
            assertThat(text(c, "select stats_reset is not null from pg_stat_database where datname = 'appdb'"))
                    .isEqualTo("t");

            try (Statement s = c.createStatement()) {
                s.execute("select pg_stat_reset()");
            }
            assertThat(SqlFixture.awaitLong(c, "select sum(n_tup_ins) from pg_stat_user_tables", 0)).isEqualTo(0);

            try (Statement s = c.createStatement()) {
                s.execute("select pg_stat_reset_shared('bgwriter'), pg_stat_reset_slru(NULL), pg_stat_reset_slru('Xact'),"
                        + " pg_stat_reset_replication_slot(NULL), pg_stat_reset_single_function_counters(99999)");
            }
            assertThat(SqlFixture.awaitLong(c, "select count(*) from pg_stat_bgwriter where stats_reset is not null", 1))
                    .isEqualTo(1);
        }
    }

    @Test
    void resetErrorsCarryPostgresqlsStateMessageAndHint() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults()); Connection c = f.connect()) {
            PSQLException e = error(c, "select pg_stat_reset_shared('bogus')");
            assertThat(e.getSQLState()).isEqualTo("22023");
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("unrecognized reset target: \"bogus\"");
            assertThat(e.getServerErrorMessage().getHint()).isEqualTo("Target must be \"archiver\", \"bgwriter\", or \"wal\".");

            e = error(c, "select pg_stat_reset_replication_slot('nope')");
            assertThat(e.getSQLState()).isEqualTo("22023");
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("replication slot \"nope\" does not exist");

            e = error(c, "select pg_stat_reset_single_table_counters('nosuch'::regclass)");
            assertThat(e.getSQLState()).isEqualTo("42P01");
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("relation \"nosuch\" does not exist");

            // strict: NULL gives NULL and sends nothing; not strict: a NULL record
            assertThat(text(c, "select pg_stat_reset_shared(NULL) is null")).isEqualTo("t");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select * from pg_stat_get_replication_slot(NULL)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("slot_name")).isNull();
                assertThat(rs.getObject("spill_txns")).isNull();
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void onlySuperusersMayReset() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withSuperusers(Set.of("admin"));
        try (SqlFixture f = SqlFixture.start(dir, config); Connection c = f.connect()) {
            PSQLException e = error(c, "select pg_stat_reset()");
            assertThat(e.getSQLState()).isEqualTo("42501");
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("permission denied for function pg_stat_reset");
            assertThat(text(c, "show is_superuser")).isEqualTo("off");
            java.util.Properties admin = new java.util.Properties();
            admin.setProperty("user", "admin");
            try (Connection a = f.connect(admin); Statement s = a.createStatement()) {
                s.execute("select pg_stat_reset()");
                assertThat(text(a, "show is_superuser")).isEqualTo("on");
            }
        }
    }

    @Test
    void aReadOnlyMirrorRefusesResets() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults());
             PgWireServer mirror = PgWireServer.start(readOnly(f.service), PgWireConfig.defaults().withPort(0)
                     .withPassword("tester", SqlFixture.PASSWORD).withSuperusers(Set.of("tester")));
             Connection c = java.sql.DriverManager.getConnection(
                     "jdbc:postgresql://127.0.0.1:" + mirror.port() + "/" + SqlFixture.DBNAME, "tester",
                     SqlFixture.PASSWORD)) {
            PSQLException e = error(c, "select pg_stat_reset_shared('wal')");
            assertThat(e.getSQLState()).isEqualTo("25006");
            assertThat(e.getServerErrorMessage().getMessage())
                    .isEqualTo("cannot execute pg_stat_reset_shared(text) in a read-only mirror");
            assertThat(one(c, "select count(*) from pg_stat_user_tables")).isEqualTo(3);
        }
    }

    private static StatsService readOnly(StatsService s) {
        return new StatsService() {
            public int databaseId() { return s.databaseId(); }
            public Catalog catalog() { return s.catalog(); }
            public SnapshotReader newReader() { return s.newReader(); }
            public StatsSender sender() { return StatsSender.disabled(); }
            public Health health() { return s.health(); }
            public boolean writable() { return false; }
        };
    }

    static PSQLException error(Connection c, String sql) {
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        });
        assertThat((Object) e).as("error from: " + sql).isNotNull();
        return e;
    }
}
