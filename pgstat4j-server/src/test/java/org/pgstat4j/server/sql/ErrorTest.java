package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.sql.SnapshotAndResetTest.error;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * Errors a client can cause get PostgreSQL's SQLSTATE and words; garbage on the port ends
 * the connection with FATAL 08P01 before anything large is allocated.
 */
class ErrorTest {
    @TempDir
    static Path dir;
    static SqlFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SqlFixture.start(dir, PgWireConfig.defaults().withMaxConnections(3));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static void assertError(Connection c, String sql, String state, String message) {
        PSQLException e = error(c, sql);
        assertThat(e.getSQLState()).as(sql).isEqualTo(state);
        assertThat(e.getServerErrorMessage().getMessage()).as(sql).isEqualTo(message);
    }

    @Test
    void sqlErrorsHavePostgresqlStates() throws Exception {
        try (Connection c = f.connect()) {
            assertError(c, "select * from nosuch", "42P01", "relation \"nosuch\" does not exist");
            assertError(c, "selec 1", "42601", "syntax error at or near \"selec\"");
            assertError(c, "select relname from pg_stat_user_tables where", "42601", "syntax error at end of input");
            assertError(c, "select nosuchcolumn from pg_stat_user_tables", "42703", "column \"nosuchcolumn\" does not exist");
            assertError(c, "select nosuch_function(1)", "42883", "function nosuch_function does not exist");
            assertError(c, "create table t (a int)", "25006", "cannot execute CREATE TABLE in a read-only transaction");
            assertError(c, "insert into pg_class (oid, relname) values (1, 'x')", "25006",
                    "cannot execute INSERT in a read-only transaction");
            assertError(c, "listen x", "0A000",
                    "LISTEN is not supported by pgstat4j, whose SQL endpoint only reads statistics");
            assertError(c, "set nosuch_setting = 1", "42704", "unrecognized configuration parameter \"nosuch_setting\"");
            assertError(c, "set server_version = '9'", "55P02", "parameter \"server_version\" cannot be changed");
            assertError(c, "select file_read('/etc/hostname')", "42501", "permission denied");
            assertError(c, "select 1/0", "22012", "division by zero");
            // the session is still usable after each error
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void aFailedTransactionIgnoresCommandsUntilItEnds() throws Exception {
        try (Connection c = f.connect()) {
            c.setAutoCommit(false);
            error(c, "select * from nosuch");
            assertError(c, "select 1", "25P02",
                    "current transaction is aborted, commands ignored until end of transaction block");
            c.rollback();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void unknownDatabaseIsRefused() {
        SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class, () ->
                DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + f.server.port() + "/otherdb", "x",
                        SqlFixture.PASSWORD)); // as in PostgreSQL, only an authenticated client learns this
        assertThat(e.getSQLState()).isEqualTo("3D000");
        assertThat(e.getMessage()).contains("database \"otherdb\" does not exist");
    }

    @Test
    void connectionsBeyondTheLimitGetFatal53300() throws Exception {
        awaitNoSessions(); // a session other tests closed ends on the server a moment later
        try (Connection a = f.connect(); Connection b = f.connect(); Connection c = f.connect()) {
            SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class, f::connect);
            assertThat(e.getSQLState()).isEqualTo("53300");
            assertThat(e.getMessage()).contains("sorry, too many clients already");
        }
        awaitNoSessions();
        try (Connection again = f.connect()) {
            assertThat(again.isValid(5)).isTrue();
        }
    }

    @Test
    void sslAndGssEncryptionRequestsAreAnsweredNo() throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.out.writeInt(8);
            r.out.writeInt(StartupHandshake.SSL_REQUEST);
            r.out.flush();
            assertThat(r.in.readByte()).isEqualTo((byte) 'N');
            r.out.writeInt(8);
            r.out.writeInt(StartupHandshake.GSSENC_REQUEST);
            r.out.flush();
            assertThat(r.in.readByte()).isEqualTo((byte) 'N');
            r.startup("tester", SqlFixture.DBNAME);
            assertThat(r.readUntil('Z')).isNotNull();
        }
    }

    @Test
    void anUnsupportedProtocolVersionIsFatal() throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.out.writeInt(8);
            r.out.writeInt(2 << 16);
            r.out.flush();
            RawClient.Msg m = r.read();
            assertThat(m.type()).isEqualTo('E');
            assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                    .containsEntry('M', "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
            assertThat(r.closedByServer()).isTrue();
        }
    }

    @Test
    void aHugeStartupLengthIsFatalWithoutAllocating() throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.out.writeInt(Integer.MAX_VALUE);
            r.out.writeInt(3 << 16);
            r.out.flush();
            RawClient.Msg m = r.read();
            assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                    .containsEntry('M', "invalid length of startup packet");
            assertThat(r.closedByServer()).isTrue();
        }
    }

    @Test
    void aMessageOverTheLimitIsFatal() throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.startup("tester", SqlFixture.DBNAME);
            assertThat(r.readUntil('Z')).isNotNull();
            r.out.writeByte('Q');
            r.out.writeInt(PgWireConfig.DEFAULT_MAX_MESSAGE_BYTES + 5 + 4);
            r.out.flush();
            RawClient.Msg m = r.read();
            assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                    .containsEntry('M', "invalid message length");
            assertThat(r.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnknownMessageTypeIsFatal() throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.startup("tester", SqlFixture.DBNAME);
            assertThat(r.readUntil('Z')).isNotNull();
            r.send('!', new byte[0]);
            RawClient.Msg m = r.read();
            assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                    .containsEntry('M', "invalid frontend message type 33");
        }
    }

    @Test
    void simpleQueryProtocolRunsEveryStatementAndReportsSettings() throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.startup("tester", SqlFixture.DBNAME);
            assertThat(r.readUntil('Z')).isNotNull();
            r.send('Q', "set application_name = 'raw'; show application_name;\0".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(r.readUntil('C').body(), StandardCharsets.UTF_8)).isEqualTo("SET\0");
            RawClient.Msg row = r.readUntil('D');
            assertThat(new String(row.body(), StandardCharsets.UTF_8)).endsWith("raw");
            assertThat(new String(r.readUntil('C').body(), StandardCharsets.UTF_8)).isEqualTo("SHOW\0");
            RawClient.Msg status = r.readUntil('S');
            assertThat(new String(status.body(), StandardCharsets.UTF_8)).isEqualTo("application_name\0raw\0");
            RawClient.Msg ready = r.readUntil('Z');
            assertThat(ready.body()).containsExactly('I');
            r.send('Q', "\0".getBytes(StandardCharsets.UTF_8));
            assertThat(r.read().type()).isEqualTo('I');
            assertThat(r.read().type()).isEqualTo('Z');
        }
    }

    /** Waits (up to 10 s) until the server has ended every session whose client closed it. */
    private static void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (f.server.activeSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(f.server.activeSessions()).as("sessions still open on the server").isZero();
    }
}
