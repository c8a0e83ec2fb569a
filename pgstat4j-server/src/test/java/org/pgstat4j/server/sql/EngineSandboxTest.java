package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine can reach no file, network, process or Java object, for any client, before and
 * after the engine has failed: a session is never an engine admin, and after the engine closes
 * its database (as it does after an out-of-memory error) the endpoint serves a rebuilt
 * database with the same objects and the same read-only user, never a fresh one.
 */
class EngineSandboxTest {
    @TempDir
    Path dir;

    /** Set when a {@link Tripwire} is deserialised: Java deserialisation of client bytes ran. */
    static final AtomicBoolean DESERIALISED = new AtomicBoolean();

    /** A serialisable class whose deserialisation is observable. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALISED.set(true);
        }
    }

    @Test
    void fileNetworkJavaAndAdminConstructsAreRefusedBeforeAndAfterAnEngineFailure() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.csv"), "a,b\nsecret,1\n");
        try (SqlFixture f = SqlFixture.start(dir.resolve("sys"), PgWireConfig.defaults())) {
            try (Connection c = f.connect()) {
                assertEveryEscapeIsRefused(c, secret);
            }
            EngineDatabase before = f.server.currentEngine();
            try (Connection old = f.connect()) {
                before.failForTest();
                assertThat(before.isOpen()).isFalse();
                // a session on the failed engine is ended, not left half-working
                SQLException e = catchThrowableOfType(SQLException.class, () -> query(old, "select 1"));
                assertThat(e.getSQLState()).isEqualTo("57P02");
                // nothing re-creates the closed database: opening it fails instead of making an empty one
                assertThat((Throwable) catchThrowableOfType(SQLException.class, before::openSession)).isNotNull();
            }
            try (Connection c = f.connect()) {
                assertThat(f.server.currentEngine()).isNotSameAs(before);
                assertThat(f.server.currentEngine().isOpen()).isTrue();
                // same objects as before: the statistics views and functions are there
                f.insert(SqlFixture.ORDERS, 4);
                assertThat(SqlFixture.awaitLong(c,
                        "select n_tup_ins from pg_stat_user_tables where relname = 'orders'", 4)).isEqualTo(4);
                assertEveryEscapeIsRefused(c, secret);
            }
        }
    }

    private void assertEveryEscapeIsRefused(Connection c, Path secret) throws Exception {
        Path out = dir.resolve("written-" + System.nanoTime());
        String file = SqlText.quote(secret.toString());
        String target = SqlText.quote(out.toString());
        // files
        refused(c, "select * from csvread(" + file + ")", "42501");
        refused(c, "select file_read(" + file + ")", "42501");
        refused(c, "select file_write('x', " + target + ")", "42501");
        refused(c, "select csvwrite(" + target + ", 'select 1')", "42501");
        refused(c, "call csvwrite(" + target + ", 'select 1')", "42501");
        refused(c, "script to " + target, "42501");
        refused(c, "runscript from " + file, "25006");
        // other databases and the network
        refused(c, "select * from link_schema('x', '', 'jdbc:h2:mem:other', 'sa', 'sa', 'PUBLIC')", "42501");
        refused(c, "create linked table t('', 'jdbc:h2:mem:other', 'sa', 'sa', 'T')", "25006");
        // Java code and the engine's administration
        refused(c, "create alias evil as 'String evil() { return \"x\"; }'", "25006");
        refused(c, "create role intruder", "25006");
        refused(c, "drop schema pg_catalog cascade", "25006");
        refused(c, "shutdown", "25006");
        assertThat(Files.exists(out)).as("a file written by a client").isFalse();
        // Java objects: client bytes never reach deserialisation, however the value is used
        String bytes = "X'" + HexFormat.of().formatHex(serialised(new Tripwire())) + "'";
        DESERIALISED.set(false);
        for (String sql : new String[] {
            "select cast(" + bytes + " as java_object)",
            "select cast(" + bytes + " as java_object) = cast(" + bytes + " as java_object)",
            "select cast(cast(" + bytes + " as java_object) as varchar)",
            "select count(*) from (values (cast(" + bytes + " as java_object))) v(o) group by o"}) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            } catch (SQLException expected) {
                // refusing the value is fine; running its deserialisation is not
            }
        }
        assertThat(DESERIALISED.get()).as("client bytes were deserialised").isFalse();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select is_admin from information_schema.users")) {
            assertThat(rs.next()).as("the session sees its own engine user").isTrue();
            assertThat(rs.getBoolean(1)).as("the session is an engine admin").isFalse();
        }
    }

    private static void refused(Connection c, String sql, String sqlState) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> query(c, sql));
        assertThat((Throwable) e).as(sql).isNotNull();
        assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(sqlState);
    }

    private static void query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static byte[] serialised(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }
}
