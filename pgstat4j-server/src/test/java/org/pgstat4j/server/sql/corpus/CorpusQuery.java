package org.pgstat4j.server.sql.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One query of the SQL conformance corpus: its id (unique, stable), its part ({@code a}…{@code e}),
 * where it came from, the database it is sent to, its text exactly as the client sent it, and
 * the parameters a pgjdbc {@code PreparedStatement} binds (empty for the simple protocol).
 *
 * <p>The corpus lives in {@code src/test/resources/sql-corpus/}: {@code *.jsonl} files (one JSON
 * object a line: {@code id, source, db, sql, params}) and {@code *.sql} files (one query a line,
 * {@code --} lines are comments, database {@code appdb}). The loader never looks inside the SQL.
 */
record CorpusQuery(String id, String part, String source, String db, String sql, List<Param> params) {
    static final String RESOURCE_DIR = "/sql-corpus/";
    static final List<String> CAPTURED_FILES = List.of(
            "a-exporter-default.jsonl", "a-exporter-autodiscover.jsonl", "a-exporter-queries.jsonl",
            "b-psql-describe.jsonl", "b-psql-tab.jsonl", "c-psycopg2.jsonl", "c-pgjdbc.jsonl");
    static final String EXPRESSIONS_FILE = "d-expressions.sql";

    /** A bound parameter: a pgjdbc type name ({@code timestamptz}, {@code text[]}, {@code null:int4}, ...) and its value. */
    record Param(String type, JsonNode value) {
    }

    /** Parts a to d, in file order. */
    static List<CorpusQuery> loadFixedParts() {
        List<CorpusQuery> all = new ArrayList<>();
        for (String f : CAPTURED_FILES) {
            all.addAll(loadJsonLines(f));
        }
        all.addAll(loadLines(EXPRESSIONS_FILE, "d-expr", "appdb"));
        return all;
    }

    static List<CorpusQuery> loadJsonLines(String file) {
        ObjectMapper json = new ObjectMapper();
        List<CorpusQuery> out = new ArrayList<>();
        for (String line : lines(file)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = json.readTree(line);
                List<Param> params = new ArrayList<>();
                for (JsonNode p : n.path("params")) {
                    params.add(new Param(p.get("type").asText(), p.get("value")));
                }
                String id = n.get("id").asText();
                out.add(new CorpusQuery(id, id.substring(0, 1), n.get("source").asText(), n.get("db").asText(),
                        n.get("sql").asText(), List.copyOf(params)));
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + line, e);
            }
        }
        return out;
    }

    static List<CorpusQuery> loadLines(String file, String prefix, String db) {
        List<CorpusQuery> out = new ArrayList<>();
        int n = 0;
        for (String line : lines(file)) {
            if (line.isBlank() || line.startsWith("--")) {
                continue;
            }
            n++;
            out.add(new CorpusQuery("%s-%03d".formatted(prefix, n), prefix.substring(0, 1), file, db, line, List.of()));
        }
        return out;
    }

    private static List<String> lines(String file) {
        try (InputStream in = CorpusQuery.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + RESOURCE_DIR + file);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
