package org.pgstat4j.server.sql.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * The activity whose statistics the corpus reads: {@code sql-corpus/workload.json}, the same
 * statements {@code bin/sql-corpus/capture.sh} runs before it captures the clients (two
 * databases, schemas, tables, indexes, a view, functions, inserts, updates, deletes, scans, a
 * rollback, VACUUM and ANALYZE), so OIDs and names match the captured statements.
 * Invariant: statements run in file order, one session per database, autocommit.
 */
final class Workload {
    private Workload() {
    }

    static void run(RealPostgres14 pg) throws IOException, SQLException {
        JsonNode root;
        try (InputStream in = Workload.class.getResourceAsStream(CorpusQuery.RESOURCE_DIR + "workload.json")) {
            root = new ObjectMapper().readTree(in);
        }
        Map<String, Connection> sessions = new LinkedHashMap<>();
        try {
            for (JsonNode s : root.get("statements")) {
                String db = s.get("db").asText();
                Connection c = sessions.get(db);
                if (c == null) {
                    c = pg.connect(db);
                    sessions.put(db, c);
                }
                try (Statement st = c.createStatement()) {
                    st.execute(s.get("sql").asText());
                }
            }
        } finally {
            for (Connection c : sessions.values()) {
                c.close();
            }
        }
    }
}
