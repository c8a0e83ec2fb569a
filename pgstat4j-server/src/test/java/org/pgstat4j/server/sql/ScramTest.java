package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM-SHA-256: RFC 7677's known answer, and logins with pgjdbc. */
class ScramTest {
    @TempDir
    Path dir;

    /** RFC 7677 section 3: user "user", password "pencil". */
    @Test
    void rfc7677ExampleExchange() throws Exception {
        ScramSha256.Verifier v = ScramSha256.Verifier.of("pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramSha256.Exchange x = new ScramSha256.Exchange(v, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "user");
        assertThat(x.serverFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))
                .isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(x.serverFinal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aWrongProofFails() throws Exception {
        ScramSha256.Verifier v = ScramSha256.Verifier.of("pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramSha256.Exchange x = new ScramSha256.Exchange(v, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "user");
        x.serverFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        PgError e = catchThrowableOfType(PgError.class, () -> x.serverFinal(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=AAAAAapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertThat(e.sqlState()).isEqualTo("28P01");
        assertThat(e.getMessage()).isEqualTo("password authentication failed for user \"user\"");
    }

    @Test
    void pgjdbcLogsInWithTheRightPasswordOnly() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults().withPassword("s3cret"))) {
            try (Connection c = DriverManager.getConnection(f.url(), "alice", "s3cret")) {
                assertThat(c.isValid(5)).isTrue();
            }
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection(f.url(), "alice", "wrong"));
            assertThat(e.getSQLState()).isEqualTo("28P01");
            assertThat(e.getMessage()).contains("password authentication failed for user \"alice\"");
            assertThat(f.server.activeSessions()).isZero();
        }
    }

    @Test
    void anotherHostThanLoopbackNeedsAPassword() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> PgWireConfig.defaults().withHost("0.0.0.0"));
        assertThat(e.getMessage()).contains("allowed only with a password");
    }
}
