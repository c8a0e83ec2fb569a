package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.server.sql.SqlFixture.ORDERS;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every database of the catalog can be connected to, as in a PostgreSQL cluster, and each
 * session sees its own database; the system views describe the session itself.
 */
class DatabasesAndSystemViewsTest {
    @TempDir
    static Path dir;
    static SqlFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SqlFixture.startClusterWithOrders(dir, 4);
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + f.server.port() + "/" + database
                + "?user=tester&password=" + SqlFixture.PASSWORD);
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void everyDatabaseOfTheCatalogCanBeConnectedTo() throws Exception {
        for (String db : List.of("postgres", "template1", SqlFixture.DBNAME)) {
            try (Connection c = connect(db)) {
                assertThat(column(c, "select current_database()")).containsExactly(db);
                assertThat(column(c, "select datname from pg_stat_database where datname is not null order by 1"))
                        .containsExactly(SqlFixture.DBNAME, "postgres", "template0", "template1");
            }
        }
    }

    @Test
    void eachSessionSeesItsOwnDatabasesTables() throws Exception {
        try (Connection app = connect(SqlFixture.DBNAME); Connection postgres = connect("postgres")) {
            assertThat(column(app, "select relname from pg_stat_user_tables order by 1")).contains("orders");
            assertThat(column(postgres, "select relname from pg_stat_user_tables order by 1")).isEmpty();
            assertThat(column(postgres, "select datid::text from pg_stat_activity"))
                    .containsExactly(Integer.toString(13695));
        }
    }

    @Test
    void template0AndUnknownDatabasesAreRefusedAsPostgreSQLRefusesThem() {
        assertThatThrownBy(() -> connect("template0").close()).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
        assertThatThrownBy(() -> connect("nosuchdb").close()).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3D000"));
    }

    @Test
    void pgStatActivityShowsTheCallingSessionAndItsStatement() throws Exception {
        try (Connection c = f.connect()) {
            String sql = "select count(*), bool_and(pid = pg_backend_pid()), max(query), max(state) from pg_stat_activity";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getBoolean(2)).isTrue();
                assertThat(rs.getString(3)).isEqualTo(sql);
                assertThat(rs.getString(4)).isEqualTo("active");
            }
        }
    }

    @Test
    void pgSettingsAgreesWithShow() throws Exception {
        try (Connection c = f.connect(); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = '5s'");
            // as PostgreSQL stores it: a number of the setting's unit
            assertThat(column(c, "select setting || '/' || unit || '/' || source || '/' || vartype from pg_settings"
                    + " where name = 'statement_timeout'")).containsExactly("5000/ms/session/integer");
            assertThat(column(c, "select setting from pg_settings where name = 'TimeZone'"))
                    .containsExactly(column(c, "show TimeZone").get(0));
            assertThat(column(c, "select count(*) from pg_settings where vartype in ('bool', 'integer', 'real')"))
                    .allSatisfy(n -> assertThat(Integer.parseInt(n)).isGreaterThan(10));
        }
    }
}
