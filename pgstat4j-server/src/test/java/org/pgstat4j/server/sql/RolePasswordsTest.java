package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role proves its own name, as in PostgreSQL: a superuser's rights go only to a session
 * that proved the superuser's very name (peer as the server's OS user, or that name's own
 * password); whoever knows only the password for every other name ({@code *}) logs in as a
 * plain user under any name, a superuser's included; an unknown name fails as a wrong
 * password does.
 */
class RolePasswordsTest {
    private static final String OS_USER = PgWireConfig.osUser();
    private static final String SHARED = "shared-pw";
    private static final String ADMIN = "admin-pw";

    @TempDir
    Path dir;

    /** admin has its own password, every other name the shared one; admin and the OS user are superusers. */
    private static PgWireConfig roles() {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("admin", ADMIN);
        passwords.put(PasswordFile.ANY_USER, SHARED);
        return PgWireConfig.defaults().withPasswords(passwords).withSuperusers(Set.of(OS_USER, "admin"));
    }

    @Test
    void aSuperusersNameWithTheSharedPasswordGetsNoSuperuserRights() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, roles())) {
            try (Connection c = DriverManager.getConnection(f.url(), OS_USER, SHARED)) {
                assertThat(text(c, "show is_superuser")).isEqualTo("off");
                SQLException e = catchThrowableOfType(SQLException.class,
                        () -> c.createStatement().execute("select pg_stat_reset()"));
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains("permission denied for function pg_stat_reset");
            }
            PsqlTest.Run psql = PsqlTest.psql("127.0.0.1", Integer.toString(f.server.port()),
                    Map.of("PGPASSWORD", SHARED), "-U", OS_USER, "-tA", "-c", "select pg_stat_reset()");
            assertThat(psql.exit()).as(psql.stderr()).isEqualTo(1);
            assertThat(psql.stderr()).contains("ERROR:  permission denied for function pg_stat_reset");
        }
    }

    @Test
    void aSuperuserWithItsOwnPasswordMayResetAndTheSharedOneDoesNotOpenItsName() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, roles())) {
            try (Connection c = DriverManager.getConnection(f.url(), "admin", ADMIN)) {
                assertThat(text(c, "show is_superuser")).isEqualTo("on");
                c.createStatement().execute("select pg_stat_reset()");
            }
            PsqlTest.Run psql = PsqlTest.psql("127.0.0.1", Integer.toString(f.server.port()),
                    Map.of("PGPASSWORD", ADMIN), "-U", "admin", "-tA", "-c", "select pg_stat_reset()");
            assertThat(psql.stderr()).isEmpty();
            assertThat(psql.exit()).isZero();
            SQLException shared = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection(f.url(), "admin", SHARED));
            assertThat(shared.getSQLState()).as("a role with a password of its own takes only that one")
                    .isEqualTo("28P01");
            try (Connection c = DriverManager.getConnection(f.url(), "anyone", SHARED)) {
                assertThat(text(c, "select current_user")).isEqualTo("anyone");
                assertThat(text(c, "show is_superuser")).isEqualTo("off");
            }
        }
    }

    @Test
    void anUnknownUserFailsExactlyAsAWrongPasswordDoes() throws Exception {
        PgWireConfig adminOnly = PgWireConfig.defaults().withPassword("admin", ADMIN)
                .withSuperusers(Set.of("admin"));
        try (SqlFixture f = SqlFixture.start(dir, adminOnly)) {
            SQLException unknown = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection(f.url(), "ghost", ADMIN));
            SQLException wrong = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection(f.url(), "admin", "not-" + ADMIN));
            assertThat(unknown.getSQLState()).isEqualTo("28P01");
            assertThat(wrong.getSQLState()).isEqualTo("28P01");
            assertThat(unknown.getMessage()).contains("password authentication failed for user \"ghost\"");
            assertThat(wrong.getMessage()).contains("password authentication failed for user \"admin\"");

            // the same exchange, message for message: SASL, SASLContinue (salt, 4096 rounds), FATAL
            Attempt ghost = attempt(f, "ghost");
            Attempt admin = attempt(f, "admin");
            assertThat(ghost.error()).isEqualTo(Map.of('S', "FATAL", 'V', "FATAL", 'C', "28P01",
                    'M', "password authentication failed for user \"ghost\""));
            assertThat(admin.error()).isEqualTo(Map.of('S', "FATAL", 'V', "FATAL", 'C', "28P01",
                    'M', "password authentication failed for user \"admin\""));
            assertThat(ghost.salt()).hasSameSizeAs(admin.salt());
            assertThat(ghost.iterations()).isEqualTo(admin.iterations()).isEqualTo("4096");
            // an unknown name's salt does not change from one try to the next, as a role's does not
            assertThat(attempt(f, "ghost").salt()).isEqualTo(ghost.salt());
            assertThat(attempt(f, "admin").salt()).isEqualTo(admin.salt());
            assertThat(attempt(f, "ghost2").salt()).isNotEqualTo(ghost.salt());
            assertThat(f.server.activeSessions()).isZero();
        }
    }

    /** What a login with a wrong password under {@code user} saw: its salt, rounds and error fields. */
    private record Attempt(String salt, String iterations, Map<Character, String> error) { }

    private static Attempt attempt(SqlFixture f, String user) throws Exception {
        try (RawClient r = new RawClient(f.server.port())) {
            r.password = "wrong-" + ADMIN;
            r.startup(user, SqlFixture.DBNAME);
            RawClient.Msg m = r.read();
            assertThat(m.type()).as("an error after the proof").isEqualTo('E');
            Map<Character, String> attrs = new LinkedHashMap<>();
            for (String part : r.serverFirst.split(",")) {
                attrs.put(part.charAt(0), part.substring(2));
            }
            Map<Character, String> error = new LinkedHashMap<>(m.fields());
            error.keySet().retainAll(Set.of('S', 'V', 'C', 'M'));
            return new Attempt(attrs.get('s'), attrs.get('i'), error);
        }
    }

    @Test
    void peerAsTheServersOsUserIsSuperuserWhereTheSharedPasswordIsNot() throws Exception {
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), roles());
             PgWireServer s = PgWireServer.start(f.service, roles().withPort(0).withUnixSocketDirectory(sockets))) {
            try (RawClient r = new RawClient(s.unixSocket())) {
                r.startup(OS_USER, SqlFixture.DBNAME);
                RawClient.Msg auth = r.read();
                assertThat(ByteBuffer.wrap(auth.body()).getInt()).as("AuthenticationOk, no password asked").isZero();
                assertThat(r.readUntil('Z')).isNotNull();
                r.send('Q', "show is_superuser\0".getBytes(StandardCharsets.UTF_8));
                assertThat(r.readUntil('D').body()).as("one column: 'on'")
                        .endsWith("on".getBytes(StandardCharsets.UTF_8));
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.port() + "/"
                    + SqlFixture.DBNAME, OS_USER, SHARED)) {
                assertThat(text(c, "show is_superuser")).as("the same name by the shared password").isEqualTo("off");
            }
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
