package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Fixtures;

/**
 * The statement that once ran the engine out of memory — after which the next session got a
 * fresh, empty database as its admin and could read and write files — run against a real
 * {@code server} on a small heap: it fails with 53200 (or, should the engine fail anyway,
 * ends its session with 57P02), and afterwards every session still sees the statistics views,
 * is no engine admin, and can reach no file.
 */
class SqlOutOfMemoryTest {
    @TempDir
    Path tmp;

    private ServerProcess server;

    @AfterEach
    void kill() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSortOfATrillionRowsOnASmallHeapLeavesTheEngineServingAndSandboxed() throws Exception {
        Path password = Files.writeString(tmp.resolve("sql-password"), "*:pw-4\n");
        server = ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xmx128m"), "--embedded-collector", "--sql-port", "0",
                "--sql-password-file", password.toString(), "--catalog",
                Fixtures.dir("pg14-mixed").resolve("catalog").toString(), "--database", "fx");
        server.awaitReady();
        server.awaitLog("JDBC:       jdbc:postgresql://127.0.0.1:");
        Matcher m = Pattern.compile("jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/fx").matcher(server.log());
        assertThat(m.find()).isTrue();
        String url = "jdbc:postgresql://127.0.0.1:" + m.group(1) + "/fx";
        for (int round = 0; round < 2; round++) {
            try (Connection c = DriverManager.getConnection(url, "me", "pw-4")) {
                SQLException e = catchThrowableOfType(SQLException.class, () -> query(c,
                        "SELECT * FROM SYSTEM_RANGE(1,1000000000000) ORDER BY 1 DESC LIMIT 1"));
                System.out.println("round " + round + ": " + e.getSQLState() + " " + e.getMessage());
                assertThat(e.getSQLState()).isIn("53200", "57P02");
            }
            try (Connection c = DriverManager.getConnection(url, "me", "pw-4")) {
                assertThat(query(c, "select count(*) from pg_stat_user_tables where relname = 't_main'"))
                        .isEqualTo("1");
                assertThat(query(c, "select is_admin from information_schema.users")).isEqualTo("f");
                SQLException e = catchThrowableOfType(SQLException.class,
                        () -> query(c, "select file_read('/etc/hostname')"));
                assertThat(e.getSQLState()).isEqualTo("42501");
                e = catchThrowableOfType(SQLException.class,
                        () -> query(c, "select * from csvread('/etc/hostname')"));
                assertThat(e.getSQLState()).isEqualTo("42501");
            }
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
