package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/** A CancelRequest on a separate connection stops the running statement of the named session. */
class CancelTest {
    @TempDir
    Path dir;

    @Test
    void pgjdbcQueryTimeoutCancelsALongStatement() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults()); Connection c = f.connect()) {
            try (Statement s = c.createStatement()) {
                // pgjdbc implements the timeout by sending a CancelRequest for this session
                s.setQueryTimeout(1);
                PSQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(PSQLException.class,
                        () -> s.executeQuery("select max(rand()) from system_range(1, 100000000000)"));
                assertThat(e.getSQLState()).isEqualTo("57014");
                assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("canceling statement due to user request");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void onlyACancelRequestWithTheSessionsKeyCancels() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults()); RawClient r = new RawClient(f.server.port())) {
            r.startup("tester", SqlFixture.DBNAME);
            java.nio.ByteBuffer kb = java.nio.ByteBuffer.wrap(r.readUntil('K').body());
            int pid = kb.getInt();
            int secret = kb.getInt();
            assertThat(r.readUntil('Z')).isNotNull();
            r.send('Q', "select max(rand()) from system_range(1, 100000000000)\0"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            cancel(f, pid, secret + 1);
            cancel(f, pid + 1, secret);
            // a wrongly addressed cancel leaves the statement running: nothing arrives
            r.socket.setSoTimeout(500);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(r::read))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            r.socket.setSoTimeout(20_000);
            cancel(f, pid, secret);
            RawClient.Msg e = r.readUntil('E');
            assertThat(e.fields()).containsEntry('C', "57014");
            assertThat(r.readUntil('Z')).isNotNull();
        }
    }

    private static void cancel(SqlFixture f, int pid, int key) throws Exception {
        try (RawClient c = new RawClient(f.server.port())) {
            c.out.writeInt(16);
            c.out.writeInt(StartupHandshake.CANCEL_REQUEST);
            c.out.writeInt(pid);
            c.out.writeInt(key);
            c.out.flush();
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
