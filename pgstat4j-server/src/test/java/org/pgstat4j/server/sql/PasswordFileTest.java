package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.endpoints.EndpointOptions;
import org.pgstat4j.server.endpoints.Endpoints;

/**
 * The password file ({@code --sql-password-file}): one {@code NAME:PASSWORD} line per role,
 * {@code *:PASSWORD} for every other name, comments; a malformed file stops the start with
 * its name and the line's number, never the line's text.
 */
class PasswordFileTest {
    @TempDir
    Path dir;

    @Test
    void rolesCommentsAndTheLineForEveryOtherName() throws Exception {
        Map<String, String> p = PasswordFile.parse(List.of(
                "# SQL roles",
                "",
                "admin:s3cret",
                "  # indented comment",
                "ops:has:colons # and a hash and blanks ",
                "*:shared"), "f");
        assertThat(p).containsExactly(Map.entry("admin", "s3cret"),
                Map.entry("ops", "has:colons # and a hash and blanks "), Map.entry("*", "shared"));
    }

    @Test
    void aBarePasswordLineIsRefusedWithTheNewFormatAndWithoutTheLine() {
        IOException e = catchThrowableOfType(IOException.class,
                () -> PasswordFile.parse(List.of("# old form", "hunter2"), "conf/sql-password"));
        assertThat(e.getMessage()).isEqualTo("the SQL password file conf/sql-password, line 2: no colon: each line"
                + " is NAME:PASSWORD (a role and its password), or *:PASSWORD for every other user name; a bare"
                + " password line is not accepted");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void malformedLinesNameTheFileAndTheLine() {
        assertThat(error(List.of(":pw"))).isEqualTo("the SQL password file f, line 1: no user name before the colon"
                + " (NAME:PASSWORD, or *:PASSWORD for every other user name)");
        assertThat(error(List.of("#", "admin:"))).isEqualTo("the SQL password file f, line 2: the password of"
                + " \"admin\" is empty");
        assertThat(error(List.of(" admin:pw"))).isEqualTo("the SQL password file f, line 1: the user name"
                + " \" admin\" begins or ends with a blank");
        assertThat(error(List.of("admin:pw1", "*:pw2", "admin:pw3"))).isEqualTo("the SQL password file f, line 3:"
                + " a second line for \"admin\" (the first is line 1)");
        assertThat(error(List.of("# nothing", ""))).isEqualTo("the SQL password file f holds no password: write"
                + " one NAME:PASSWORD line per role, or *:PASSWORD for every user name");
    }

    private static String error(List<String> lines) {
        return catchThrowableOfType(IOException.class, () -> PasswordFile.parse(lines, "f")).getMessage();
    }

    @Test
    void aMalformedFileStopsTheEndpointsFromStarting() throws Exception {
        Path file = Files.writeString(dir.resolve("sql-password"), "admin:pw\nsecret-without-name\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults())) {
            EndpointOptions options = new EndpointOptions();
            options.sqlPort = 0;
            options.httpPort = 0;
            options.sqlPasswordFile = file;
            IOException e = catchThrowableOfType(IOException.class, () -> Endpoints.start(f.service, options));
            assertThat(e.getMessage()).startsWith("the SQL password file " + file + ", line 2: no colon");
        }
    }

    @Test
    void theFilesRolesLogInWithTheirPasswords() throws Exception {
        Path file = Files.writeString(dir.resolve("sql-password"), "# roles\nadmin:a-pw\n*:any-pw\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults())) {
            EndpointOptions options = new EndpointOptions();
            options.sqlPort = 0;
            options.sqlPasswordFile = file;
            options.sqlSuperusers = List.of("admin");
            try (Endpoints e = Endpoints.start(f.service, options)) {
                String url = "jdbc:postgresql://127.0.0.1:" + e.sqlPort() + "/" + SqlFixture.DBNAME;
                try (Connection c = DriverManager.getConnection(url, "admin", "a-pw")) {
                    c.createStatement().execute("select pg_stat_reset()");
                }
                try (Connection c = DriverManager.getConnection(url, "someone", "any-pw")) {
                    assertThat(c.isValid(5)).isTrue();
                }
                assertThat(e.describe(f.service)).anyMatch(l -> l.contains("-U admin -d " + SqlFixture.DBNAME))
                        .noneMatch(l -> l.contains("a-pw") || l.contains("any-pw"));
            }
        }
    }
}
