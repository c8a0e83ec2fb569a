package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.transport.unix.Libc;
import org.slf4j.LoggerFactory;

/**
 * Who gets in, as with a packaged PostgreSQL: the server's OS user over the Unix socket by
 * its kernel credentials; everyone else only with a password (SCRAM-SHA-256); nobody
 * without one unless trust was asked for, which is logged; the reset functions only for
 * superusers who proved their name (see {@link RolePasswordsTest}).
 */
class AuthenticationTest {
    private static final String OS_USER = PgWireConfig.osUser();

    @TempDir
    Path dir;

    private PgWireServer start(SqlFixture f, PgWireConfig config) throws Exception {
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        return PgWireServer.start(f.service, config.withPort(0).withUnixSocketDirectory(sockets));
    }

    private static Path socket(PgWireServer s) {
        return s.unixSocket();
    }

    @Test
    void theServersOsUserLogsInOverTheUnixSocketByPeerCredentials() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults());
             PgWireServer s = start(f, PgWireConfig.defaults());
             RawClient r = new RawClient(socket(s))) {
            r.startup(OS_USER, SqlFixture.DBNAME);
            RawClient.Msg auth = r.read();
            assertThat(auth.type()).isEqualTo('R');
            assertThat(ByteBuffer.wrap(auth.body()).getInt()).as("AuthenticationOk, no password asked").isZero();
            assertThat(r.readUntil('Z')).isNotNull();
            // the OS user is the superuser
            r.send('Q', "select pg_stat_reset()\0".getBytes(StandardCharsets.UTF_8));
            RawClient.Msg m = r.read();
            assertThat(m.type()).as("a result, not an error").isEqualTo('T');
        }
    }

    @Test
    void withoutAPasswordOnlyThePeerGetsIn() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults());
             PgWireServer s = start(f, PgWireConfig.defaults())) {
            try (RawClient r = new RawClient(socket(s))) {
                r.startup("someone_else", SqlFixture.DBNAME);
                RawClient.Msg m = r.read();
                assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "28000")
                        .containsEntry('M', "Peer authentication failed for user \"someone_else\"");
            }
            SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + s.port() + "/" + SqlFixture.DBNAME, OS_USER, "anything"));
            assertThat(e.getSQLState()).isEqualTo("28000");
            assertThat(e.getMessage()).contains("the server has no password");
            assertThat(s.activeSessions()).isZero();
        }
    }

    @Test
    void everyoneElseProvesThePasswordAndIsNoSuperuser() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults());
             PgWireServer s = start(f, PgWireConfig.defaults().withPassword("pw-9"))) {
            // another user name over the socket: SCRAM, not peer
            try (RawClient r = new RawClient(socket(s))) {
                r.password = "pw-9";
                r.startup("someone_else", SqlFixture.DBNAME);
                RawClient.Msg fin = r.read();
                assertThat(fin.type()).isEqualTo('R');
                assertThat(ByteBuffer.wrap(fin.body()).getInt()).as("AuthenticationSASLFinal").isEqualTo(12);
                assertThat(r.readUntil('Z')).isNotNull();
            }
            String url = "jdbc:postgresql://127.0.0.1:" + s.port() + "/" + SqlFixture.DBNAME;
            SQLException wrong = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection(url, "pgstat4j", "pw-8"));
            assertThat(wrong.getSQLState()).isEqualTo("28P01");
            try (Connection c = DriverManager.getConnection(url, "pgstat4j", "pw-9")) {
                SQLException e = catchThrowableOfType(SQLException.class,
                        () -> c.createStatement().execute("select pg_stat_reset()"));
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains("permission denied for function pg_stat_reset");
            }
        }
    }

    @Test
    void trustOnlyWhenAskedForAndWithAWarning() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("org.pgstat4j.server.sql");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults());
             PgWireServer s = start(f, PgWireConfig.defaults().withTrust(true).withSuperusers(Set.of("ops", "root2")))) {
            String url = "jdbc:postgresql://127.0.0.1:" + s.port() + "/" + SqlFixture.DBNAME;
            try (Connection c = DriverManager.getConnection(url, "anyone", "")) {
                assertThat(c.isValid(5)).isTrue();
                SQLException e = catchThrowableOfType(SQLException.class,
                        () -> c.createStatement().execute("select pg_stat_reset()"));
                assertThat(e.getSQLState()).isEqualTo("42501");
            }
            try (Connection c = DriverManager.getConnection(url, "ops", "")) {
                c.createStatement().execute("select pg_stat_reset()"); // trust reaches every superuser
            }
            assertThat(appender.list).anyMatch(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().equals("SQL endpoint: trust authentication: every local client is let"
                    + " in under any user name without a password, so every superuser is reachable: ops, root2"));
        } finally {
            log.detachAppender(appender);
        }
    }

    /** Another OS user (nobody, through setpriv) reaches the socket but gets in only with the password. */
    @Test
    void anotherOsUserNeedsThePasswordEvenUnderTheServersUserName() throws Exception {
        assumeTrue(Libc.geteuid() == 0, "switching to another user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        String psql = PsqlTest.psql();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults());
             PgWireServer s = start(f, PgWireConfig.defaults().withPassword("pw-7"))) {
            Files.setPosixFilePermissions(dir.resolve("sockets"), PosixFilePermissions.fromString("rwxr-xr-x"));
            String port = Integer.toString(s.port());
            String host = dir.resolve("sockets").toString();
            PsqlTest.Run noPassword = asNobody(psql, Map.of(), host, port, OS_USER);
            assertThat(noPassword.exit()).isEqualTo(2);
            assertThat(noPassword.stderr()).contains("no password supplied");
            PsqlTest.Run wrong = asNobody(psql, Map.of("PGPASSWORD", "pw-6"), host, port, OS_USER);
            assertThat(wrong.stderr()).contains("password authentication failed for user \"" + OS_USER + "\"");
            PsqlTest.Run right = asNobody(psql, Map.of("PGPASSWORD", "pw-7"), host, port, "nobody");
            assertThat(right.stderr()).isEmpty();
            assertThat(right.stdout()).isEqualTo("nobody\n");
            // the shared password opens the server's user name too, but not its superuser rights
            PsqlTest.Run asServer = asNobody(psql, Map.of("PGPASSWORD", "pw-7"), host, port, OS_USER,
                    "select current_user, current_setting('is_superuser')");
            assertThat(asServer.stderr()).isEmpty();
            assertThat(asServer.stdout()).isEqualTo(OS_USER + "|off\n");
        }
    }

    private static PsqlTest.Run asNobody(String psql, Map<String, String> env, String host, String port, String user)
            throws Exception {
        return asNobody(psql, env, host, port, user, "select current_user");
    }

    private static PsqlTest.Run asNobody(String psql, Map<String, String> env, String host, String port, String user,
                                         String sql) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", psql, "-X", "-w", "-h", host, "-p", port, "-d", SqlFixture.DBNAME, "-U", user,
                "-tA", "-c", sql));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("psql did not finish within 60 s");
        }
        return new PsqlTest.Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void configuredSuperusersMayReset() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults()
                .withSuperusers(Set.of("ops")))) {
            java.util.Properties ops = new java.util.Properties();
            ops.setProperty("user", "ops");
            try (Connection c = f.connect(ops)) {
                c.createStatement().execute("select pg_stat_reset()");
            }
            try (Connection c = f.connect()) {
                SQLException e = catchThrowableOfType(SQLException.class,
                        () -> c.createStatement().execute("select pg_stat_reset()"));
                assertThat(e.getSQLState()).isEqualTo("42501");
            }
        }
    }
}
