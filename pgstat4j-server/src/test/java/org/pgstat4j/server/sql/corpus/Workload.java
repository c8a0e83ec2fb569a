package org.pgstat4j.server.sql.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * The activity whose statistics the corpus reads: {@code sql-corpus/workload.json}, the same
 * statements {@code bin/sql-corpus/capture.sh} runs before it captures the clients (two
 * databases, schemas, tables, indexes, a view, functions, inserts, updates, deletes, scans, a
 * rollback, VACUUM and ANALYZE), so OIDs and names match the captured statements.
 *
 * <p>Invariant: sessions run one after the other; each ends, and its backend has exited (a
 * PostgreSQL backend sends its remaining statistics when it exits), before the next begins —
 * so the statistics do not depend on when PostgreSQL's 500 ms reporting interval fell.
 */
final class Workload {
    private Workload() {
    }

    static void run(RealPostgres14 pg) throws IOException, SQLException, InterruptedException {
        JsonNode root;
        try (InputStream in = Workload.class.getResourceAsStream(CorpusQuery.RESOURCE_DIR + "workload.json")) {
            root = new ObjectMapper().readTree(in);
        }
        Connection c = null;
        int session = -1;
        try (Connection watcher = pg.connect(RealPostgres14.SUPERUSER)) {
            for (JsonNode s : root.get("statements")) {
                if (s.get("session").asInt() != session) {
                    end(c, watcher);
                    session = s.get("session").asInt();
                    c = pg.connect(s.get("db").asText());
                }
                try (Statement st = c.createStatement()) {
                    st.execute(s.get("sql").asText());
                }
            }
            end(c, watcher);
        }
    }

    /** Closes the session and waits until its backend has exited. */
    private static void end(Connection c, Connection watcher) throws SQLException, InterruptedException {
        if (c == null) {
            return;
        }
        int pid;
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            pid = r.getInt(1);
        }
        c.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement st = watcher.createStatement();
                 ResultSet r = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
                r.next();
                if (r.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("backend " + pid + " did not exit within 30 s");
    }
}
